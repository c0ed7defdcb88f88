/**
 * `ecs-privatelink generate`: renders the standalone Terraform module for a
 * configuration and writes it into a folder; for a fleet, the module and one
 * small root per VPC.
 *
 * Rendering is `renderModule` / `renderFleet` (pure); writing is
 * `writeModule` / `writeFleet`, the one piece of code that puts files on
 * disk: it replaces the module folder atomically, and refuses a folder with
 * files that lack the generated-file marker unless --force.
 */
import * as fs from 'fs';
import * as path from 'path';
import { InvalidArgumentError, type Command } from 'commander';
import { BadInput, baselineWebAssemblyOnly, count, listed, writeProblem, type Cli, type Context } from '../cli/context';
import { CONFIG_ENV, DEFAULT_CONFIG_FILE } from '../cli/support';
import type { Fleet, FleetVpc } from '../../lib/model/fleet';
import type { WriteOptions } from '../../generators/write';
import { ONLY_HELP, ONLY_OPTION, selectVpcs } from '../cli/only';
import { suggest } from '../../lib/model/config';
import { CI_ENGINES, GITHUB_WORKFLOW_FILE, type CiEngine } from '../../generators/ci';

interface GenerateOptions {
  config?: string;
  out?: string;
  force?: boolean;
  only?: string;
  ci?: CiEngine;
}

/** `--ci <engine>`: one of CI_ENGINES, else a usage error (exit 2, one line). */
export function parseCiEngine(value: string): CiEngine {
  if ((CI_ENGINES as readonly string[]).includes(value)) return value as CiEngine;
  throw new InvalidArgumentError(`"${value}" is not a CI engine ecs-privatelink writes for; allowed: ${CI_ENGINES.join(', ')}${suggest(value, CI_ENGINES)}`);
}

/** Where the module goes for a single-VPC configuration. */
export const DEFAULT_MODULE_DIR = 'modules/ecs-privatelink';
/** Where a fleet's modules/ and roots/ go. */
export const DEFAULT_FLEET_DIR = '.';

export function register(program: Command, cli: Cli): void {
  program
    .command('generate')
    .summary('write the standalone Terraform module (and, for a fleet, one root per VPC)')
    .description(
      'Render the standalone Terraform module (main.tf, variables.tf, outputs.tf, versions.tf, README.md, ' +
        'examples/, tests/) for a configuration into a folder. Writes atomically: on any failure the folder is ' +
        'left as it was. Refuses to overwrite a folder that holds files without the generated-file marker unless --force. ' +
        'For a fleet, writes the module to OUT/modules/ecs-privatelink and, per VPC, OUT/roots/<name>/main.tf (provider and ' +
        'module call with that VPC\'s inputs, import blocks of adopt) and OUT/roots/<name>/backend.tf (backend); in a root only those two are written, the other files there (.terraform/, the state) are left alone.',
    )
    .option('-c, --config <file>', `configuration file (default: $${CONFIG_ENV}, else ${DEFAULT_CONFIG_FILE})`)
    .option('-o, --out <dir>', `the module folder (default: ${DEFAULT_MODULE_DIR}); for a fleet, the folder that gets modules/ and roots/ (default: ${DEFAULT_FLEET_DIR})`)
    .option('-f, --force', 'overwrite a folder that holds files ecs-privatelink did not generate')
    .option(`${ONLY_OPTION} <names>`, ONLY_HELP)
    .option('--ci <engine>', `also write a CI workflow that plans the changed roots of a fleet in parallel: ${CI_ENGINES.join(', ')} (OUT/${GITHUB_WORKFLOW_FILE})`, parseCiEngine)
    .addHelpText(
      'after',
      `
Examples:
  $ ecs-privatelink generate --config privatelink.config.yaml --out modules/ecs-privatelink
  $ ecs-privatelink generate --config fleet.yaml --out infra
  $ ecs-privatelink generate --config fleet.yaml --out infra --only payments-prod,search-prod
  $ ecs-privatelink generate --config fleet.yaml --ci github-actions
  $ terraform -chdir=infra/roots/payments-prod init`,
    )
    .action(
      cli.action<GenerateOptions>(async (ctx, options) => {
        const configFile = ctx.configFile(options.config);
        const fleet = ctx.loadFleet(configFile);
        const only = selectVpcs(fleet, options.only, ctx.display(configFile));
        if (fleet.kind === 'fleet') return generateFleet(ctx, fleet, configFile, options, only);
        if (options.ci) {
          throw BadInput.option('--ci', options.ci, `plans the roots of a fleet (defaults and vpcs); ${ctx.display(configFile)} holds one VPC: use ecs-privatelink check in CI for its module`);
        }

        const spec = fleet.vpcs[0].spec;
        const dir = ctx.resolve(options.out ?? DEFAULT_MODULE_DIR);
        const shownDir = ctx.display(dir);
        ctx.checkOutputDir('--out', dir);

        // Loaded here, not at the top: the generator is only needed by this command.
        baselineWebAssemblyOnly();
        const { renderModule } = await import('../../generators/module');
        const { ForeignFilesError, writeModule } = await import('../../generators/write');
        const files = await renderModule(spec);
        ctx.progress(`rendered ${files.size} files (${ctx.elapsed()})`);
        try {
          writeModule(dir, files, writeOptions(ctx, configFile, options));
        } catch (err) {
          if (err instanceof ForeignFilesError) {
            throw foreignFiles(err.files, shownDir, '', (it) => `add --force to replace the folder (which deletes ${it})`);
          }
          throw await writeError(err, shownDir);
        }
        const written = [...files.keys()].sort().map((rel) => `${shownDir}/${rel}`);
        ctx.progress(`wrote ${files.size} files to ${shownDir}`);
        if (ctx.json) ctx.outJson({ command: ctx.commandPath, config: ctx.display(configFile), dir: shownDir, files: written });
        else ctx.out(written.join('\n'));
        ctx.done('generate done');
      }),
    );
}

async function generateFleet(ctx: Context, fleet: Fleet, configFile: string, options: GenerateOptions, only: readonly FleetVpc[] | undefined): Promise<void> {
  const vpcs = only ?? fleet.vpcs;
  const dir = ctx.resolve(options.out ?? DEFAULT_FLEET_DIR);
  const shownDir = ctx.display(dir);
  ctx.checkOutputDir('--out', dir);
  if (fs.existsSync(path.join(dir, 'versions.tf')) && fs.existsSync(path.join(dir, 'variables.tf'))) {
    throw BadInput.option(
      '--out',
      shownDir,
      'holds a generated module (versions.tf, variables.tf); for a fleet, --out is the folder that gets modules/ecs-privatelink and roots/<name>: name another folder, like the parent of modules/',
    );
  }

  baselineWebAssemblyOnly();
  const { FLEET_MODULE_DIR, renderFleet, ROOTS_DIR } = await import('../../generators/fleet');
  const { ForeignFilesError, writeFleet } = await import('../../generators/write');
  const files = await renderFleet(fleet, vpcs);
  if (options.ci) {
    const { GITHUB_WORKFLOW_FILE: workflowFile, renderGithubActionsWorkflow } = await import('../../generators/ci');
    const config = path.relative(dir, configFile).split(path.sep).join('/');
    if (config.startsWith('../') || path.isAbsolute(config)) {
      throw BadInput.option('--ci', options.ci, `the workflow runs at the repository root, --out (${shownDir}), but the configuration ${ctx.display(configFile)} is outside it: keep the configuration in the repository and generate with --out at its root`);
    }
    files.set(workflowFile, renderGithubActionsWorkflow(fleet, { config, dir: '.', moduleDir: FLEET_MODULE_DIR, rootsDir: ROOTS_DIR }));
  }
  ctx.progress(`rendered ${files.size} files: the module and ${count(vpcs.length, 'root')} (${ctx.elapsed()})`);
  const declared = ownBackends(dir, vpcs);
  if (declared.length > 0) {
    throw new BadInput(
      declared.map((rel) => ({
        option: '--out',
        file: shownDir,
        message: `${rel} declares a backend of its own; generate now writes each root's backend to backend.tf from backend in the configuration: move its settings there (see README, State) and delete that block`,
      })),
    );
  }
  let staleRoots: string[];
  try {
    staleRoots = writeFleet(dir, files, FLEET_MODULE_DIR, writeOptions(ctx, configFile, options)).staleRoots;
    // With --only, the roots of the other VPCs are not stale: they were not asked for.
    const ofFleet = new Set(fleet.vpcs.map((vpc) => `roots/${vpc.name}`));
    if (only) staleRoots = staleRoots.filter((root) => !ofFleet.has(root));
  } catch (err) {
    if (err instanceof ForeignFilesError) {
      throw foreignFiles(
        err.files,
        shownDir,
        ' where it writes',
        () => `add --force (which replaces ${FLEET_MODULE_DIR} whole and overwrites the main.tf and backend.tf of the roots)`,
        err.files.some((f) => f.endsWith('/backend.tf')) ? 'generate now writes backend.tf from backend in the configuration: move your backend settings there, then ' : '',
      );
    }
    throw await writeError(err, shownDir);
  }
  const at = (rel: string) => (shownDir === '.' ? rel : `${shownDir}/${rel}`);
  const written = [...files.keys()].sort().map(at);
  ctx.progress(`wrote ${files.size} files to ${shownDir}: ${at(FLEET_MODULE_DIR)} and ${at('roots')}/<name> for ${count(vpcs.length, 'VPC')}`);
  for (const root of staleRoots) {
    // Not an error, and not silenced by --quiet: a root of a VPC that left the configuration may still hold its endpoints.
    ctx.io.stderr(
      `${ctx.commandPath}: note: ${at(root)} is a generated root of no VPC in ${ctx.display(configFile)}; it was left alone: ` +
        `destroy what it deployed (terraform -chdir=${at(root)} destroy), then delete the folder\n`,
    );
  }
  if (ctx.json) {
    ctx.outJson({
      command: ctx.commandPath,
      config: ctx.display(configFile),
      dir: shownDir,
      module: at(FLEET_MODULE_DIR),
      roots: vpcs.map((vpc) => ({ vpc: vpc.name, region: vpc.spec.region, dir: at(`roots/${vpc.name}`) })),
      staleRoots: staleRoots.map(at),
      files: written,
    });
  } else {
    ctx.out(written.join('\n'));
  }
  ctx.done('generate done');
}

/**
 * The --out problem of a folder that holds files ecs-privatelink did not
 * generate (`where`: which part of it); `force` says what --force would do to
 * them ("it" or "them"), `first` is advice that comes before the choices.
 */
function foreignFiles(files: readonly string[], shownDir: string, where: string, force: (it: string) => string, first = ''): BadInput {
  const it = files.length === 1 ? 'it' : 'them';
  return BadInput.option(
    '--out',
    shownDir,
    `holds ${count(files.length, 'file')} that ecs-privatelink did not generate${where} (${listed(files)}); ${first}move ${it} elsewhere, choose another --out, or ${force(it)}`,
  );
}

/** What the writer needs besides the files: --force, what it must never delete, and where to say what it recovered. */
function writeOptions(ctx: Context, configFile: string, options: GenerateOptions): WriteOptions {
  return {
    force: options.force === true,
    protect: [
      { path: ctx.io.cwd, what: 'the working folder' },
      { path: configFile, what: 'the configuration file' },
    ],
    // Not silenced by --quiet: the folder changed because of an earlier run.
    onRecover: (line) => ctx.io.stderr(`${ctx.commandPath}: note: ${line}\n`),
  };
}

/**
 * Files of the roots, besides those generate writes, that declare a backend
 * or a cloud block: Terraform would refuse two (and a user's own backend.tf
 * is reported by writeFleet as a file generate did not write).
 */
function ownBackends(dir: string, vpcs: readonly FleetVpc[]): string[] {
  const found: string[] = [];
  for (const vpc of vpcs) {
    const root = path.join(dir, 'roots', vpc.name);
    if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) continue;
    for (const name of fs.readdirSync(root).sort()) {
      if (!/\.tf(\.json)?$/.test(name) || name === 'main.tf' || name === 'backend.tf') continue;
      // Only regular files of a sane size: a link, FIFO or device is never followed or opened.
      const stat = fs.lstatSync(path.join(root, name));
      if (!stat.isFile() || stat.size > 10 * 1024 * 1024) continue;
      const text = fs.readFileSync(path.join(root, name), 'utf8');
      if (/^\s*(backend\s+"[^"]*"|cloud)\s*\{/m.test(text) || /"(backend|cloud)"\s*:/.test(text)) found.push(`roots/${vpc.name}/${name}`);
    }
  }
  return found;
}

/** A refusal or a file system error while writing, as bad input naming --out; anything else as it is. */
async function writeError(err: unknown, shownDir: string): Promise<unknown> {
  const { IncompleteWriteError, LockedError, RefusedReplaceError } = await import('../../generators/write');
  if (err instanceof RefusedReplaceError) return BadInput.option('--out', shownDir, `cannot be replaced: ${err.reason}`);
  if (err instanceof LockedError) return BadInput.option('--out', shownDir, err.message);
  if (err instanceof IncompleteWriteError) return BadInput.written([{ option: '--out', file: shownDir, message: err.message }]);
  const code = (err as NodeJS.ErrnoException).code;
  if (code && /^E[A-Z]+$/.test(code)) return BadInput.option('--out', shownDir, writeProblem(err as NodeJS.ErrnoException));
  return err;
}
