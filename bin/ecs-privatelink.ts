#!/usr/bin/env node
/**
 * The `ecs-privatelink` command line.
 *
 * Builds the commander program from the modules in bin/commands/ and runs
 * it. `run(argv, io)` does it in process and returns the exit code: 0 done,
 * 1 drift (`check`) or findings (`doctor`), 2 bad input or usage, 3 internal error.
 */
import { Command, CommanderError } from 'commander';
import { Cli, commandPath, EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, processIo, type CommandModule, type Io } from './cli/context';
import { TOOL_VERSION } from '../lib/model/versions';

/**
 * The commands, in the order --help lists them, each loaded only when it is
 * needed: a run loads the module of the command it runs, and all of them only
 * for --help or an unknown command. To add one, write bin/commands/<name>.ts
 * exporting `register(program, cli)` (see bin/cli/context.ts) and add its line here.
 */
export const COMMANDS: readonly { name: string; load: () => CommandModule }[] = [
  { name: 'init', load: () => require('./commands/init') },
  { name: 'synth', load: () => require('./commands/synth') },
  { name: 'generate', load: () => require('./commands/generate') },
  { name: 'check', load: () => require('./commands/check') },
  { name: 'schema', load: () => require('./commands/schema') },
  { name: 'cost', load: () => require('./commands/cost') },
  { name: 'diagram', load: () => require('./commands/diagram') },
  { name: 'doctor', load: () => require('./commands/doctor') },
];

/** The command a command line runs, when it names a known one (global options take no values, so it is the first word that is not an option). */
export function commandOf(argv: readonly string[]): string | undefined {
  const word = argv.find((arg) => !arg.startsWith('-'));
  return COMMANDS.some((c) => c.name === word) ? word : undefined;
}

/** The program with every command, or with `only` that one (which is all a run of it needs). */
export function buildProgram(cli: Cli, only?: string): Command {
  const { io } = cli;
  const program = new Command('ecs-privatelink')
    .description(
      'PrivateLink VPC endpoints for Amazon ECS and ECR in private subnets without a NAT gateway: ' +
        'a CDKTF stack (synth) or a standalone Terraform module (generate), from one configuration file.',
    )
    .version(TOOL_VERSION, '-V, --version', 'print the version')
    .option('-q, --quiet', 'no progress lines on stderr')
    .option('--json', 'results (and problems) as JSON on stdout')
    .helpCommand(false)
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .addHelpText(
      'after',
      `
Exit codes: 0 done, 1 drift found by check or findings of doctor, 2 bad input or usage (nothing written), 3 internal error.

Examples:
  $ ecs-privatelink init --profile fargate
  $ ecs-privatelink synth --config privatelink.config.yaml
  $ ecs-privatelink generate --config privatelink.config.yaml --out modules/ecs-privatelink
  $ ecs-privatelink check --dir modules/ecs-privatelink --config privatelink.config.yaml`,
    );
  for (const command of COMMANDS) {
    if (only !== undefined && command.name !== only) continue;
    const module = command.load();
    if (typeof module?.register !== 'function') throw new Error(`bin/commands/${command.name} does not export register(program, cli)`);
    module.register(program, cli);
  }
  // Usage errors: one line, naming the command, pointing at its help.
  for (const command of [program, ...program.commands]) {
    const name = commandPath(command);
    command.configureOutput({
      outputError: (message) => io.stderr(`${name}: ${oneLine(message)}; see \`${name} --help\`\n`),
    });
  }
  return program;
}

function oneLine(message: string): string {
  return message
    .replace(/^error: /, '')
    .replace('(Did you mean', '(did you mean')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
}

/** Runs the command line in process; resolves to the exit code. */
export async function run(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const cli = new Cli(io);
  let program: Command;
  try {
    program = buildProgram(cli, commandOf(argv));
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT_OK;
      if (argv.includes('--json')) io.stdout(`${JSON.stringify({ exitCode: EXIT_BAD_INPUT, problems: [{ message: oneLine(err.message) }] }, null, 2)}\n`);
      return EXIT_BAD_INPUT;
    }
    io.stderr(`ecs-privatelink: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT_INTERNAL;
  }
  return cli.exitCode;
}

if (require.main === module) {
  run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
