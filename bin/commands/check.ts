/**
 * `ecs-privatelink check`: is a vendored copy of the module what `generate`
 * would write? Re-renders it, compares file by file, prints a unified diff.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Command } from 'commander';
import { BadInput, EXIT_DRIFT, EXIT_OK, type Cli } from '../../lib/cli';
import { CONFIG_ENV, DEFAULT_CONFIG_FILE } from '../../lib/cli-support';
import { listFiles } from './synth';

interface CheckOptions {
  dir: string;
  config?: string;
}

/** Terraform's own files in a module folder (after `terraform init` or `test`): never drift. */
export function isTerraformWorkingFile(rel: string): boolean {
  const parts = rel.split('/');
  const base = parts[parts.length - 1];
  return parts.includes('.terraform') || base === '.terraform.lock.hcl' || /\.tfstate(\.backup)?$/.test(base) || base === '.terraform.tfstate.lock.info';
}

export interface Comparison {
  /** Rendered, not in the folder. */
  missing: string[];
  /** In the folder, not rendered (Terraform's working files aside). */
  extra: string[];
  /** In both, with different text. */
  different: string[];
  /** Unified diff from the folder to the render: what generate would change. */
  diff: string;
}

/** Compares rendered files with a folder. `label` is how paths appear in the diff. */
export async function compareWithFolder(expected: Map<string, string>, dir: string, label: string): Promise<Comparison> {
  const { createTwoFilesPatch, FILE_HEADERS_ONLY } = await import('diff');
  const actual = new Map(listFiles(dir).filter((rel) => !isTerraformWorkingFile(rel)).map((rel) => [rel, fs.readFileSync(path.join(dir, rel), 'utf8')]));
  const all = [...new Set([...expected.keys(), ...actual.keys()])].sort();
  const result: Comparison = { missing: [], extra: [], different: [], diff: '' };
  const [a, b] = path.isAbsolute(label) ? ['', ''] : ['a/', 'b/'];
  const patches: string[] = [];
  for (const rel of all) {
    const want = expected.get(rel);
    const have = actual.get(rel);
    if (want === have) continue;
    if (have === undefined) result.missing.push(rel);
    else if (want === undefined) result.extra.push(rel);
    else result.different.push(rel);
    const name = `${label}/${rel}`;
    patches.push(
      createTwoFilesPatch(have === undefined ? '/dev/null' : `${a}${name}`, want === undefined ? '/dev/null' : `${b}${name}`, have ?? '', want ?? '', undefined, undefined, {
        context: 3,
        headerOptions: FILE_HEADERS_ONLY,
      }),
    );
  }
  result.diff = patches.join('');
  return result;
}

export function register(program: Command, cli: Cli): void {
  program
    .command('check')
    .summary('compare a vendored module folder with a fresh render (for CI)')
    .description(
      'Render the module for a configuration and compare it with a folder, for CI: prints a unified diff ' +
        '(from the folder to what generate would write) and exits 1 when they differ, 0 when identical. ' +
        "Terraform's working files (.terraform/, .terraform.lock.hcl, *.tfstate) are ignored.",
    )
    .requiredOption('-d, --dir <dir>', 'the folder that holds the generated module')
    .option('-c, --config <file>', `configuration file (default: $${CONFIG_ENV}, else ${DEFAULT_CONFIG_FILE})`)
    .addHelpText(
      'after',
      `
Example:
  $ ecs-privatelink check --dir modules/ecs-privatelink --config privatelink.config.yaml`,
    )
    .action(
      cli.action<CheckOptions>(async (ctx, options) => {
        const configFile = ctx.configFile(options.config);
        const spec = ctx.loadConfig(configFile);
        const dir = ctx.resolve(options.dir);
        const shownDir = ctx.display(dir);
        const stat = fs.statSync(dir, { throwIfNoEntry: false });
        if (!stat) throw BadInput.option('--dir', shownDir, `no such folder; write it with: ecs-privatelink generate --config ${ctx.display(configFile)} --out ${shownDir}`);
        if (!stat.isDirectory()) throw BadInput.option('--dir', shownDir, 'is a file, not a folder; name the folder of the generated module');

        // Loaded here, not at the top: the generator is only needed by this command.
        const { renderModule } = await import('../../generators/module');
        const { foreignFiles } = await import('../../generators/write');
        const expected = await renderModule(spec);
        ctx.progress(`rendered ${expected.size} files (${ctx.elapsed()})`);
        const result = await compareWithFolder(expected, dir, shownDir.split(path.sep).join('/'));
        const identical = result.diff === '';
        if (ctx.json) {
          ctx.outJson({ command: ctx.commandPath, config: ctx.display(configFile), dir: shownDir, identical, ...result });
        } else if (!identical) {
          ctx.io.stdout(result.diff);
        }
        if (identical) {
          ctx.progress(`${shownDir} is up to date with ${ctx.display(configFile)} (${expected.size} files)`);
        } else {
          const parts = [
            result.different.length ? `${result.different.length} different (${result.different.join(', ')})` : '',
            result.missing.length ? `${result.missing.length} missing (${result.missing.join(', ')})` : '',
            result.extra.length ? `${result.extra.length} extra (${result.extra.join(', ')})` : '',
          ].filter(Boolean);
          // generate replaces the folder; files it did not write make it ask for --force.
          const foreign = foreignFiles(dir);
          const listed = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? `, and ${foreign.length - 5} more` : '');
          const force = foreign.length ? ` --force (which deletes ${listed})` : '';
          // Drift is the answer, not a progress note: printed even with --quiet.
          ctx.io.stderr(
            `${ctx.commandPath}: ${shownDir} has drifted from ${ctx.display(configFile)}: ${parts.join(', ')}; ` +
              `regenerate it with: ecs-privatelink generate --config ${ctx.display(configFile)} --out ${shownDir}${force}\n`,
          );
        }
        ctx.done('check done');
        return identical ? EXIT_OK : EXIT_DRIFT;
      }),
    );
}
