/**
 * `ecs-privatelink schema`: prints the JSON Schema of the configuration file.
 */
import type { Command } from 'commander';
import type { Cli } from '../cli/context';
import { fileSchema } from '../../lib/model/fleet-schema';

/** The schema as printed, and as committed in schema/privatelink.config.schema.json: one VPC or a fleet. */
export function schemaText(): string {
  return `${JSON.stringify(fileSchema(), null, 2)}\n`;
}

export function register(program: Command, cli: Cli): void {
  program
    .command('schema')
    .summary('print the JSON Schema of the configuration file')
    .description(
      'Print the JSON Schema (draft 2020-12) of the configuration file, one VPC or a fleet, on stdout. Editors use it for completion ' +
        'and checks: start a YAML file with  # yaml-language-server: $schema=<path or URL of the schema>',
    )
    .addHelpText(
      'after',
      `
Example:
  $ ecs-privatelink schema > privatelink.config.schema.json`,
    )
    .action(
      cli.action((ctx) => {
        ctx.io.stdout(schemaText());
      }),
    );
}
