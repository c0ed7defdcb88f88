/**
 * `ecs-privatelink synth`: the CDKTF synth of the configuration, in process.
 *
 * Same result as `npx cdktf synth` with ECS_PRIVATELINK_CONFIG=FILE:
 * DIR/manifest.json and DIR/stacks/<stack>/cdk.tf.json, one stack for a
 * single VPC (`ecs-privatelink-<vpcId>`, or its `name`), one per VPC for a fleet
 * (`ecs-privatelink-<name>`). The app is synthesized into a temporary folder
 * first, so a failure leaves DIR as it was.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Command } from 'commander';
import { count, listed, writeFileAtomic, type Cli } from '../cli/context';
import { CONFIG_ENV, DEFAULT_CONFIG_FILE } from '../cli/support';

interface SynthOptions {
  config?: string;
  out: string;
}

export const DEFAULT_SYNTH_OUTDIR = 'cdktf.out';

export function register(program: Command, cli: Cli): void {
  program
    .command('synth')
    .summary('synthesize the CDKTF stacks (cdk.tf.json) from a configuration')
    .description(
      'Synthesize the CDKTF app for a configuration: writes DIR/manifest.json and DIR/stacks/<stack>/cdk.tf.json, ' +
        `the same files as \`npx cdktf synth\` with ${CONFIG_ENV}=FILE. One stack for a single VPC, ecs-privatelink-<vpcId> (or the configuration's name); ` +
        'for a fleet one stack per VPC, ecs-privatelink-<name>, each with its own AWS provider. Deploy them with cdktf or terraform.',
    )
    .option('-c, --config <file>', `configuration file (default: $${CONFIG_ENV}, else ${DEFAULT_CONFIG_FILE})`)
    .option('-o, --out <dir>', 'output folder', DEFAULT_SYNTH_OUTDIR)
    .addHelpText(
      'after',
      `
Example:
  $ ecs-privatelink synth --config privatelink.config.yaml --out cdktf.out
  $ terraform -chdir=cdktf.out/stacks/ecs-privatelink-vpc-0123456789abcdef0 init
  $ ecs-privatelink synth --config fleet.yaml && npx cdktf deploy '*' --skip-synth --parallelism 10`,
    )
    .action(
      cli.action<SynthOptions>(async (ctx, options) => {
        const fleet = ctx.loadFleet(ctx.configFile(options.config));
        const outdir = ctx.resolve(options.out);
        ctx.checkOutputDir('--out', outdir);

        // Loaded here, not at the top: cdktf and the provider bindings take a while, and only synth needs them.
        const { App } = await import('cdktf');
        const { addFleetStacks } = await import('../../lib/cdktf/stack');
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-privatelink-synth-'));
        try {
          const app = new App({ outdir: tmp });
          // The state path of a local backend is written relative to the stack's final folder, from the project folder (the current one).
          const stacks = addFleetStacks(app, fleet, { outdir, projectDir: ctx.io.cwd }).map((s) => s.node.id);
          app.synth();
          ctx.progress(`synthesized ${stacks.length === 1 ? `stack ${stacks[0]}` : `${count(stacks.length, 'stack')} (${listed(stacks)})`} (${ctx.elapsed()})`);
          const written: string[] = [];
          for (const rel of listFiles(tmp)) {
            const target = path.join(outdir, rel);
            writeFileAtomic('--out', ctx.display(outdir), target, fs.readFileSync(path.join(tmp, rel)).toString('utf8'));
            written.push(ctx.display(target));
          }
          const stackFiles = stacks.map((stack) => ctx.display(path.join(outdir, 'stacks', stack, 'cdk.tf.json')));
          ctx.progress(written.length <= 10 ? `wrote ${written.join(', ')}` : `wrote ${written.length} files to ${ctx.display(outdir)}`);
          const config = ctx.display(ctx.configFile(options.config));
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
              stacks: fleet.vpcs.map((vpc, i) => ({
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
        } finally {
          fs.rmSync(tmp, { recursive: true, force: true });
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
