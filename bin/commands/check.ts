/**
 * `ecs-privatelink check`: is a vendored copy of the module what `generate`
 * would write? Re-renders it, compares file by file, prints a unified diff.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Command } from 'commander';
import { BadInput, baselineWebAssemblyOnly, escapeControls, EXIT_DRIFT, EXIT_OK, listed, type Cli } from '../cli/context';
import type { UnexpectedEntry } from '../../generators/tree';
import { CONFIG_ENV, DEFAULT_CONFIG_FILE } from '../cli/support';

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
  /** Entries that are not regular files (symlinks, FIFOs, devices, sockets) or could not be read: reported, never read nor followed. */
  unexpected: UnexpectedEntry[];
  /** Unified diff from the folder to the render: what generate would change. */
  diff: string;
}

/**
 * Compares rendered files with a folder. `label` is how paths appear in the
 * diff; `include` says which files of the folder take part (by default all
 * but Terraform's working files).
 */
export async function compareWithFolder(expected: Map<string, string>, dir: string, label: string, include: (rel: string) => boolean = () => true): Promise<Comparison> {
  const { createTwoFilesPatch, FILE_HEADERS_ONLY } = await import('diff');
  const { readTree } = await import('../../generators/tree');
  // Never follows a link nor reads a FIFO or a device: their bytes (an environment, a credentials file, /dev/zero) are not printed.
  const tree = readTree(dir, (rel) => !isTerraformWorkingFile(rel) && include(rel), (rel) => !isTerraformWorkingFile(rel));
  const actual = tree.files;
  const unexpected = new Set(tree.unexpected.map((u) => u.rel));
  const all = [...new Set([...expected.keys(), ...actual.keys()])].filter((rel) => !unexpected.has(rel)).sort();
  const result: Comparison = { missing: [], extra: [], different: [], unexpected: tree.unexpected, diff: '' };
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
        "Terraform's working files (.terraform/, .terraform.lock.hcl, *.tfstate) are ignored. For a fleet, --dir is the " +
        'folder generate --out wrote: modules/ecs-privatelink is compared whole, and in roots/ only the generated main.tf and backend.tf files ' +
        '(a root of a VPC that left the configuration counts as extra).',
    )
    .requiredOption('-d, --dir <dir>', 'the folder that holds the generated module (for a fleet: modules/ and roots/)')
    .option('-c, --config <file>', `configuration file (default: $${CONFIG_ENV}, else ${DEFAULT_CONFIG_FILE})`)
    .addHelpText(
      'after',
      `
Examples:
  $ ecs-privatelink check --dir modules/ecs-privatelink --config privatelink.config.yaml
  $ ecs-privatelink check --dir infra --config fleet.yaml`,
    )
    .action(
      cli.action<CheckOptions>(async (ctx, options) => {
        const configFile = ctx.configFile(options.config);
        const fleet = ctx.loadFleet(configFile);
        const dir = ctx.resolve(options.dir);
        const shownDir = ctx.display(dir);
        const stat = fs.statSync(dir, { throwIfNoEntry: false });
        if (!stat) throw BadInput.option('--dir', shownDir, `no such folder; write it with: ecs-privatelink generate --config ${ctx.display(configFile)} --out ${shownDir}`);
        if (!stat.isDirectory()) throw BadInput.option('--dir', shownDir, 'is a file, not a folder; name the folder of the generated module');

        // Loaded here, not at the top: the generator is only needed by this command.
        baselineWebAssemblyOnly();
        const { renderModule } = await import('../../generators/module');
        const { FLEET_MODULE_DIR, renderFleet, ROOT_FILES } = await import('../../generators/fleet');
        const { foreignFiles } = await import('../../generators/write');
        const single = fleet.kind === 'single';
        const expected = single ? await renderModule(fleet.vpcs[0].spec) : await renderFleet(fleet);
        ctx.progress(`rendered ${expected.size} files (${ctx.elapsed()})`);
        // A fleet's folder: the module whole, and the generated files of the roots (the rest there is the user's and Terraform's).
        const rootFile = new RegExp(`^roots/[^/]+/(${ROOT_FILES.map((f) => f.replace(/\./g, '\\.')).join('|')})$`);
        const include = single ? undefined : (rel: string) => rel.startsWith(`${FLEET_MODULE_DIR}/`) || rootFile.test(rel);
        const result = await compareWithFolder(expected, dir, shownDir.split(path.sep).join('/'), include);
        const unreadable = result.unexpected.filter((u) => u.kind.startsWith('unreadable'));
        if (unreadable.length > 0) {
          // Bad input, not drift: check cannot tell what the folder holds.
          throw new BadInput(
            unreadable.map((u) => ({
              option: '--dir',
              file: shownDir === '.' ? u.rel : `${shownDir}/${u.rel}`,
              message: `cannot be read (${u.detail === 'EACCES' || u.detail === 'EPERM' ? 'permission denied' : u.detail ?? 'unknown reason'}); fix the permissions so that check can compare it`,
            })),
          );
        }
        const identical = result.diff === '' && result.unexpected.length === 0;
        for (const u of result.unexpected) {
          // Printed even with --quiet: it is part of the answer, like the drift line.
          ctx.io.stderr(`${escapeControls(`${ctx.commandPath}: unexpected ${u.kind} ${shownDir === '.' ? u.rel : `${shownDir}/${u.rel}`}${u.detail ? ` (${u.detail})` : ''}`)}: not read; generate never writes one, remove it\n`);
        }
        if (ctx.json) {
          ctx.outJson({ command: ctx.commandPath, config: ctx.display(configFile), dir: shownDir, identical, ...result });
        } else if (!identical) {
          ctx.io.stdout(result.diff);
        }
        if (identical) {
          ctx.progress(`${shownDir} is up to date with ${ctx.display(configFile)} (${expected.size} files)`);
        } else {
          const parts = [
            result.unexpected.length ? `${result.unexpected.length} unexpected (${listed(result.unexpected.map((u) => `${u.kind} ${u.rel}`))})` : '',
            result.different.length ? `${result.different.length} different (${result.different.join(', ')})` : '',
            result.missing.length ? `${result.missing.length} missing (${result.missing.join(', ')})` : '',
            result.extra.length ? `${result.extra.length} extra (${result.extra.join(', ')})` : '',
          ].filter(Boolean);
          // generate replaces the folder; files it did not write make it ask for --force.
          const moduleDir = single ? dir : path.join(dir, ...FLEET_MODULE_DIR.split('/'));
          const foreign = fs.existsSync(moduleDir) ? foreignFiles(moduleDir) : [];
          const force = foreign.length ? ` --force (which deletes ${listed(foreign)})` : '';
          // generate leaves the root of a VPC that left the configuration alone: its state may still hold endpoints.
          const staleFiles = single ? [] : result.extra.filter((rel) => rootFile.test(rel));
          const stale = [...new Set(staleFiles.map((rel) => path.posix.dirname(rel)))];
          const regenerate = result.unexpected.length === 0 && staleFiles.length === result.missing.length + result.different.length + result.extra.length ? '' : `regenerate it with: ecs-privatelink generate --config ${ctx.display(configFile)} --out ${shownDir}${force}`;
          const retire = stale.length
            ? `${stale.join(', ')} ${stale.length === 1 ? 'is the root' : 'are the roots'} of no VPC in the configuration: destroy what ${stale.length === 1 ? 'it' : 'they'} deployed, then delete ${stale.length === 1 ? 'it' : 'them'}`
            : '';
          // Drift is the answer, not a progress note: printed even with --quiet.
          ctx.io.stderr(`${ctx.commandPath}: ${shownDir} has drifted from ${ctx.display(configFile)}: ${parts.join(', ')}; ${[regenerate, retire].filter(Boolean).join('; ')}\n`);
        }
        ctx.done('check done');
        return identical ? EXIT_OK : EXIT_DRIFT;
      }),
    );
}
