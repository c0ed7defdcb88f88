/**
 * What the app and the command line share for talking to a person: where the
 * configuration comes from, and how bad input is reported (one line per
 * problem on stderr, exit code 2, no stack trace).
 */
import { ConfigError } from '../../lib/model/config';
import { loadFleet, type Fleet } from '../../lib/model/fleet';

/** Exit code for bad input or usage. */
export const EXIT_BAD_INPUT = 2;

export const CONFIG_ENV = 'ECS_PRIVATELINK_CONFIG';
export const DEFAULT_CONFIG_FILE = 'privatelink.config.yaml';

/** The file named by ECS_PRIVATELINK_CONFIG, else privatelink.config.yaml in the current folder (the repo root for `npm start`). */
export function configPathFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env[CONFIG_ENV] || DEFAULT_CONFIG_FILE;
}

/** The configuration (one VPC or a fleet), or exit 2 with one line per problem. */
export function loadFleetOrExit(file: string): Fleet {
  try {
    return loadFleet(file);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.stderr.write(`ecs-privatelink: ${err.problems.length} problem${err.problems.length === 1 ? '' : 's'} in ${err.file}; nothing was written\n`);
      process.exit(EXIT_BAD_INPUT);
    }
    throw err;
  }
}
