/**
 * `ecs-privatelink init`: writes a commented starter configuration.
 */
import * as path from 'path';
import { InvalidArgumentError, type Command } from 'commander';
import { PROFILES, type Profile } from '../../lib/model/catalog';
import { writeFileAtomic, type Cli } from '../cli/context';
import { suggest } from '../../lib/model/config';
import * as fs from 'fs';
import { BadInput } from '../cli/context';
import { SCHEMA_BESIDE, SCHEMA_REFERENCE, starterConfig } from '../cli/starter-config';
import { schemaText } from './schema';
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
          // The reference is relative to the file; write the schema beside it with: ecs-privatelink schema > privatelink.config.schema.json
          ctx.out(starterConfig(options.profile, SCHEMA_REFERENCE));
          return;
        }
        const file = ctx.resolve(options.out);
        const shown = ctx.display(file);
        ctx.checkOutputFile('--out', file, options.force === true);
        // The schema goes beside the file, so that its reference works wherever the two are moved together.
        const schemaFile = path.join(path.dirname(file), SCHEMA_BESIDE);
        const schemaShown = ctx.display(schemaFile);
        if (!options.force && !replaceableSchema(schemaFile)) {
          throw BadInput.option('--out', shown, `would write the schema to ${schemaShown}, which exists and is not an ecs-privatelink schema; add --force to overwrite it, or choose another folder`);
        }
        writeFileAtomic('--out', shown, file, starterConfig(options.profile, SCHEMA_REFERENCE));
        writeFileAtomic('--out', schemaShown, schemaFile, schemaText());
        ctx.progress(`wrote ${shown} (profile ${options.profile}) and its JSON Schema ${schemaShown}; replace the placeholder ids, then run: ecs-privatelink synth --config ${shown}`);
        if (ctx.json) ctx.outJson({ command: ctx.commandPath, file: shown, schema: schemaShown, profile: options.profile });
        else ctx.out(shown);
        ctx.done('init done');
      }),
    );
}

/** True when `file` is missing or an ecs-privatelink schema (of any version): `init` may write the current one over it. */
function replaceableSchema(file: string): boolean {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
  try {
    return (JSON.parse(text) as { title?: unknown }).title === JSON.parse(schemaText()).title;
  } catch {
    return false;
  }
}
