/**
 * `ecs-privatelink synth`: the CDKTF synth of the configuration, in process.
 *
 * Same result as `npx cdktf synth` with ECS_PRIVATELINK_CONFIG=FILE:
 * DIR/manifest.json and DIR/stacks/<stack>/cdk.tf.json, one stack for a
 * single VPC (`ecs-privatelink`), one per VPC for a fleet
 * (`ecs-privatelink-<name>`); `--only` synthesizes some VPCs of a fleet and
 * leaves the other stacks alone. Stacks are synthesized one at a time
 * (lib/cdktf/synth.ts) and renamed into place at the end, so a failure leaves
 * DIR as it was.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Command } from 'commander';
import { BadInput, count, DEBUG_ENV, listed, writeProblem, type Cli } from '../cli/context';
import { ONLY_HELP, ONLY_OPTION, selectVpcs } from '../cli/only';
import { CONFIG_ENV, DEFAULT_CONFIG_FILE } from '../cli/support';

interface SynthOptions {
  config?: string;
  out: string;
  only?: string;
}

export const DEFAULT_SYNTH_OUTDIR = 'cdktf.out';
/** Worker threads for a large fleet's synth (1: in process); default: one per core, at most 4, from 400 VPCs. */
export const WORKERS_ENV = 'ECS_PRIVATELINK_SYNTH_WORKERS';

export function register(program: Command, cli: Cli): void {
  program
    .command('synth')
    .summary('synthesize the CDKTF stacks (cdk.tf.json) from a configuration')
    .description(
      'Synthesize the CDKTF app for a configuration: writes DIR/manifest.json and DIR/stacks/<stack>/cdk.tf.json, ' +
        `the same files as \`npx cdktf synth\` with ${CONFIG_ENV}=FILE. One stack, ecs-privatelink, for a single VPC; ` +
        'for a fleet one stack per VPC, ecs-privatelink-<name>, each with its own AWS provider. Deploy them with cdktf or terraform.',
    )
    .option('-c, --config <file>', `configuration file (default: $${CONFIG_ENV}, else ${DEFAULT_CONFIG_FILE})`)
    .option('-o, --out <dir>', 'output folder', DEFAULT_SYNTH_OUTDIR)
    .option(`${ONLY_OPTION} <names>`, ONLY_HELP)
    .addHelpText(
      'after',
      `
Example:
  $ ecs-privatelink synth --config privatelink.config.yaml --out cdktf.out
  $ terraform -chdir=cdktf.out/stacks/ecs-privatelink init
  $ ecs-privatelink synth --config fleet.yaml && npx cdktf deploy '*' --skip-synth --parallelism 10
  $ ecs-privatelink synth --config fleet.yaml --only payments-prod,search-prod`,
    )
    .action(
      cli.action<SynthOptions>(async (ctx, options) => {
        const configFile = ctx.configFile(options.config);
        const fleet = ctx.loadFleet(configFile);
        const config = ctx.display(configFile);
        const only = selectVpcs(fleet, options.only, config);
        const outdir = ctx.resolve(options.out);
        ctx.checkOutputDir('--out', outdir);

        // Loaded here, not at the top: cdktf and the provider bindings take a while, and only synth needs them.
        const { synthesizeFleet } = await import('../../lib/cdktf/synth');
        let result: { stacks: string[]; files: string[] };
        try {
          const workers = ctx.io.env[WORKERS_ENV] ? Number(ctx.io.env[WORKERS_ENV]) : undefined;
          result = await synthesizeFleet(fleet, outdir, { vpcs: only, stackTraces: ctx.io.env[DEBUG_ENV] === '1', workers: Number.isInteger(workers) ? workers : undefined });
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code && /^E[A-Z]+$/.test(code)) throw BadInput.option('--out', ctx.display(outdir), writeProblem(err as NodeJS.ErrnoException));
          throw err;
        }
        const { stacks, files } = result;
        ctx.progress(`synthesized ${stacks.length === 1 ? `stack ${stacks[0]}` : `${count(stacks.length, 'stack')} (${listed(stacks)})`} (${ctx.elapsed()})`);
        const written = files.map((rel) => ctx.display(path.join(outdir, rel)));
        const stackFiles = stacks.map((stack) => ctx.display(path.join(outdir, 'stacks', stack, 'cdk.tf.json')));
        ctx.progress(written.length <= 10 ? `wrote ${written.join(', ')}` : `wrote ${written.length} files to ${ctx.display(outdir)}`);
        const vpcs = only ?? fleet.vpcs;
        if (ctx.json && fleet.kind === 'single') {
          ctx.outJson({
            command: ctx.commandPath,
            config,
            stack: stacks[0],
            outdir: ctx.display(outdir),
            stackFile: stackFiles[0],
            files: written,
            endpoints: fleet.vpcs[0].spec.endpoints.map((e) => e.key),
          });
        } else if (ctx.json) {
          ctx.outJson({
            command: ctx.commandPath,
            config,
            outdir: ctx.display(outdir),
            stacks: vpcs.map((vpc, i) => ({
              vpc: vpc.name,
              stack: stacks[i],
              stackFile: stackFiles[i],
              region: vpc.spec.region,
              endpoints: vpc.spec.endpoints.map((e) => e.key),
            })),
            files: written,
          });
        } else {
          ctx.out(stackFiles.join('\n'));
        }
        ctx.done('synth done');
      }),
    );
}

/** Files under `dir`, relative, sorted, with / as separator. */
export function listFiles(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? listFiles(path.join(dir, entry.name), rel) : [rel];
    })
    .sort();
}
