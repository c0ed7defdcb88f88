/** The command line run in this process (`run(argv, io)`, what the binary calls), as the tests run it. */
import { run } from '../../bin/ecs-privatelink';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `argv` in process in the working folder `cwd`, with the environment `env` (ECS_PRIVATELINK_CONFIG as the caller leaves it), collecting stdout and stderr. */
export async function runInProcess(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CliResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await run(argv, { stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t), cwd, env });
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}
