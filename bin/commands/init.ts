/**
 * `ecs-privatelink init`: writes a commented starter configuration.
 */
import * as path from 'path';
import { InvalidArgumentError, type Command } from 'commander';
import { PROFILES, type Profile } from '../../lib/model/catalog';
import { writeFileAtomic, type Cli } from '../cli/context';
import { suggest } from '../../lib/model/config';
import { schemaReference, starterConfig } from '../cli/starter-config';
import { DEFAULT_CONFIG_FILE } from '../cli/support';

interface InitOptions {
  profile: Profile;
  out: string;
  force?: boolean;
}

export function parseProfile(value: string): Profile {
  if ((PROFILES as readonly string[]).includes(value)) return value as Profile;
  throw new InvalidArgumentError(`"${value}" is not a known profile; allowed: ${PROFILES.join(', ')}${suggest(value, PROFILES)}`);
}

export function register(program: Command, cli: Cli): void {
  program
    .command('init')
    .summary('write a commented starter configuration file')
    .description(
      'Write a commented starter configuration (YAML) that explains each field. The ids in it are placeholders ' +
        'that look valid: replace them with your own. Refuses to overwrite an existing file without --force.',
    )
    .option('-p, --profile <profile>', `which endpoints: ${PROFILES.join(', ')}`, parseProfile, 'ec2')
    .option('-o, --out <file>', 'where to write it; - for stdout', DEFAULT_CONFIG_FILE)
    .option('-f, --force', 'overwrite an existing file')
    .addHelpText(
      'after',
      `
Examples:
  $ ecs-privatelink init --profile fargate --out privatelink.config.yaml
  $ ecs-privatelink init --out - > my-vpc.yaml`,
    )
    .action(
      cli.action<InitOptions>((ctx, options) => {
        if (options.out === '-') {
          ctx.out(starterConfig(options.profile, schemaReference(ctx.io.cwd)));
          return;
        }
        const file = ctx.resolve(options.out);
        const shown = ctx.display(file);
        ctx.checkOutputFile('--out', file, options.force === true);
        writeFileAtomic('--out', shown, file, starterConfig(options.profile, schemaReference(path.dirname(file))));
        ctx.progress(`wrote ${shown} (profile ${options.profile}); replace the placeholder ids, then run: ecs-privatelink synth --config ${shown}`);
        if (ctx.json) ctx.outJson({ command: ctx.commandPath, file: shown, profile: options.profile });
        else ctx.out(shown);
        ctx.done('init done');
      }),
    );
}
