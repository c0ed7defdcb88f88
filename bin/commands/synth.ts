/**
 * `ecs-privatelink synth`: the CDKTF synth of the configuration, in process.
 *
 * Same result as `npx cdktf synth` with ECS_PRIVATELINK_CONFIG=FILE:
 * DIR/manifest.json and DIR/stacks/<stack>/cdk.tf.json. The app is
 * synthesized into a temporary folder first, so a failure leaves DIR as it was.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Command } from 'commander';
import { writeFileAtomic, type Cli } from '../../lib/cli';
import { CONFIG_ENV, DEFAULT_CONFIG_FILE } from '../../lib/cli-support';

interface SynthOptions {
  config?: string;
  out: string;
}

export const DEFAULT_SYNTH_OUTDIR = 'cdktf.out';

export function register(program: Command, cli: Cli): void {
  program
    .command('synth')
    .summary('synthesize the CDKTF stack (cdk.tf.json) from a configuration')
    .description(
      'Synthesize the CDKTF app for a configuration: writes DIR/manifest.json and DIR/stacks/<stack>/cdk.tf.json, ' +
        `the same files as \`npx cdktf synth\` with ${CONFIG_ENV}=FILE. Deploy them with cdktf or terraform.`,
    )
    .option('-c, --config <file>', `configuration file (default: $${CONFIG_ENV}, else ${DEFAULT_CONFIG_FILE})`)
    .option('-o, --out <dir>', 'output folder', DEFAULT_SYNTH_OUTDIR)
    .addHelpText(
      'after',
      `
Example:
  $ ecs-privatelink synth --config privatelink.config.yaml --out cdktf.out
  $ terraform -chdir=cdktf.out/stacks/ecs-privatelink init`,
    )
    .action(
      cli.action<SynthOptions>(async (ctx, options) => {
        const spec = ctx.loadConfig(ctx.configFile(options.config));
        const outdir = ctx.resolve(options.out);
        ctx.checkOutputDir('--out', outdir);

        // Loaded here, not at the top: cdktf and the provider bindings take a while, and only synth needs them.
        const { App } = await import('cdktf');
        const { DEFAULT_STACK_NAME, EcsPrivateLinkStack } = await import('../../lib/stack');
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-privatelink-synth-'));
        try {
          const app = new App({ outdir: tmp });
          new EcsPrivateLinkStack(app, DEFAULT_STACK_NAME, spec);
          app.synth();
          ctx.progress(`synthesized stack ${DEFAULT_STACK_NAME} (${ctx.elapsed()})`);
          const written: string[] = [];
          for (const rel of listFiles(tmp)) {
            const target = path.join(outdir, rel);
            writeFileAtomic('--out', ctx.display(outdir), target, fs.readFileSync(path.join(tmp, rel)).toString('utf8'));
            written.push(ctx.display(target));
          }
          const stackFile = ctx.display(path.join(outdir, 'stacks', DEFAULT_STACK_NAME, 'cdk.tf.json'));
          ctx.progress(`wrote ${written.join(', ')}`);
          if (ctx.json) {
            ctx.outJson({
              command: ctx.commandPath,
              config: ctx.display(ctx.configFile(options.config)),
              stack: DEFAULT_STACK_NAME,
              outdir: ctx.display(outdir),
              stackFile,
              files: written,
              endpoints: spec.endpoints.map((e) => e.key),
            });
          } else {
            ctx.out(stackFile);
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
