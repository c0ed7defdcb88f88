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
        'module call with that VPC\'s inputs); in a root only main.tf is written, the other files there (a backend, the state) are left alone.',
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
          writeModule(dir, files, { force: options.force === true });
        } catch (err) {
          if (err instanceof ForeignFilesError) {
            const n = err.files.length;
            const shown = err.files.slice(0, 5).join(', ') + (n > 5 ? `, and ${n - 5} more` : '');
            throw BadInput.option(
              '--out',
              shownDir,
              `holds ${n} file${n === 1 ? '' : 's'} that ecs-privatelink did not generate (${shown}); move ${n === 1 ? 'it' : 'them'} elsewhere, ` +
                `choose another --out, or add --force to replace the folder (which deletes ${n === 1 ? 'it' : 'them'})`,
            );
          }
          throw writeError(err, shownDir);
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
  let staleRoots: string[];
  try {
    staleRoots = writeFleet(dir, files, FLEET_MODULE_DIR, { force: options.force === true }).staleRoots;
    // With --only, the roots of the other VPCs are not stale: they were not asked for.
    const ofFleet = new Set(fleet.vpcs.map((vpc) => `roots/${vpc.name}`));
    if (only) staleRoots = staleRoots.filter((root) => !ofFleet.has(root));
  } catch (err) {
    if (err instanceof ForeignFilesError) {
      const n = err.files.length;
      throw BadInput.option(
        '--out',
        shownDir,
        `holds ${n} file${n === 1 ? '' : 's'} that ecs-privatelink did not generate where it writes (${listed(err.files)}); move ${n === 1 ? 'it' : 'them'} elsewhere, ` +
          `choose another --out, or add --force (which replaces ${FLEET_MODULE_DIR} whole and overwrites the main.tf of the roots)`,
      );
    }
    throw writeError(err, shownDir);
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

/** A file system error while writing, as bad input naming --out; anything else as it is. */
function writeError(err: unknown, shownDir: string): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (code && /^E[A-Z]+$/.test(code)) return BadInput.option('--out', shownDir, writeProblem(err as NodeJS.ErrnoException));
  return err;
}
