/**
 * `ecs-privatelink synth`: the CDKTF synth of the configuration, in process.
 *
 * Same result as `npx cdktf synth` with ECS_PRIVATELINK_CONFIG=FILE:
 * DIR/manifest.json and DIR/stacks/<stack>/cdk.tf.json, one stack for a
 * single VPC (`ecs-privatelink-<vpcId>`, or its `name`), one per VPC for a fleet
 * (`ecs-privatelink-<name>`); `--only` synthesizes some VPCs of a fleet and
 * leaves the other stacks alone. Stacks are synthesized one at a time
 * (lib/cdktf/synth.ts) into a hidden folder of DIR, then put in place in one
 * transaction (generators/synth-output.ts): a failure or a kill leaves DIR as
 * it was, or the next run completes it. Stack folders of VPCs that left the
 * fleet are removed when they hold only what synth wrote.
 */
import * as path from 'path';
import type { Command } from 'commander';
import { BadInput, count, DEBUG_ENV, listed, writeProblem, type Cli } from '../cli/context';
import { ONLY_HELP, ONLY_OPTION, selectVpcs } from '../cli/only';
import { CONFIG_ENV, DEFAULT_CONFIG_FILE } from '../cli/support';
import { stackName } from '../../lib/model/fleet';

interface SynthOptions {
  config?: string;
  out: string;
  force?: boolean;
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
        `the same files as \`npx cdktf synth\` with ${CONFIG_ENV}=FILE. One stack for a single VPC, ecs-privatelink-<vpcId> (or the configuration's name); ` +
        'for a fleet one stack per VPC, ecs-privatelink-<name>, each with its own AWS provider. Deploy them with cdktf or terraform.',
    )
    .option('-c, --config <file>', `configuration file (default: $${CONFIG_ENV}, else ${DEFAULT_CONFIG_FILE})`)
    .option('-o, --out <dir>', 'output folder', DEFAULT_SYNTH_OUTDIR)
    .option('-f, --force', 'replace a manifest.json or cdk.tf.json in the output folder that neither synth nor CDKTF wrote')
    .option(`${ONLY_OPTION} <names>`, ONLY_HELP)
    .addHelpText(
      'after',
      `
Example:
  $ ecs-privatelink synth --config privatelink.config.yaml --out cdktf.out
  $ terraform -chdir=cdktf.out/stacks/ecs-privatelink-vpc-0123456789abcdef0 init
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
        const shownOut = ctx.display(outdir);
        ctx.checkOutputDir('--out', outdir);

        // Loaded here, not at the top: cdktf and the provider bindings take a while, and only synth needs them.
        const { synthesizeFleet } = await import('../../lib/cdktf/synth');
        const { writeSynthOutput } = await import('../../generators/synth-output');
        const { ForeignFilesError } = await import('../../generators/write');
        let stacks: string[] = [];
        let result;
        try {
          result = await writeSynthOutput(
            outdir,
            shownOut,
            async (staging) => {
              const workers = ctx.io.env[WORKERS_ENV] ? Number(ctx.io.env[WORKERS_ENV]) : undefined;
              stacks = (
                await synthesizeFleet(fleet, staging, {
                  vpcs: only,
                  stackTraces: ctx.io.env[DEBUG_ENV] === '1',
                  workers: Number.isInteger(workers) ? workers : undefined,
                  // The state path of a local backend is written relative to the stack's final folder, from the project folder (the current one).
                  stackOptions: { outdir, projectDir: ctx.io.cwd },
                  // With --only, manifest.json keeps the entries of the other stacks.
                  previousOutdir: outdir,
                })
              ).stacks;
              ctx.progress(`synthesized ${stacks.length === 1 ? `stack ${stacks[0]}` : `${count(stacks.length, 'stack')} (${listed(stacks)})`} (${ctx.elapsed()})`);
              return stacks;
            },
            {
              force: options.force === true,
              // Stacks of VPCs still in the fleet are never removed, whether synthesized this time (--only) or not.
              fleetStacks: fleet.vpcs.map((vpc) => stackName(fleet, vpc)),
              onRecover: (line) => ctx.io.stderr(`${ctx.commandPath}: note: ${line}\n`),
            },
          );
        } catch (err) {
          if (err instanceof ForeignFilesError) {
            const n = err.files.length;
            throw BadInput.option(
              '--out',
              shownOut,
              `holds ${count(n, 'file')} that synth would replace but did not write (${listed(err.files)}); move ${n === 1 ? 'it' : 'them'} elsewhere, choose another --out, or add --force to replace ${n === 1 ? 'it' : 'them'}`,
            );
          }
          throw await writeError(err, shownOut);
        }
        const written = result.files.map((rel) => ctx.display(path.join(outdir, rel)));
        const stackFiles = stacks.map((stack) => ctx.display(path.join(outdir, 'stacks', stack, 'cdk.tf.json')));
        ctx.progress(written.length <= 10 ? `wrote ${written.join(', ')}` : `wrote ${written.length} files to ${shownOut}`);
        const at = (rel: string) => ctx.display(path.join(outdir, rel));
        for (const stack of result.removedStacks) ctx.progress(`removed ${at(stack)}: its VPC is no longer in ${ctx.display(configFile)}`);
        for (const kept of result.keptStacks) {
          // Not silenced by --quiet: that folder may hold the state of deployed endpoints.
          ctx.io.stderr(
            `${ctx.commandPath}: note: ${at(kept.stack)} is a stack of no VPC in ${ctx.display(configFile)}; it was left alone because it holds ${listed(kept.holds)}: ` +
              'destroy what it deployed, then delete the folder\n',
          );
        }
        const vpcs = only ?? fleet.vpcs;
        const removed = { removedStacks: result.removedStacks.map(at), keptStacks: result.keptStacks.map((k) => at(k.stack)) };
        if (ctx.json && fleet.kind === 'single') {
          ctx.outJson({
            command: ctx.commandPath,
            config,
            stack: stacks[0],
            outdir: shownOut,
            stackFile: stackFiles[0],
            files: written,
            endpoints: fleet.vpcs[0].spec.endpoints.map((e) => e.key),
            ...removed,
          });
        } else if (ctx.json) {
          ctx.outJson({
            command: ctx.commandPath,
            config,
            outdir: shownOut,
            stacks: vpcs.map((vpc, i) => ({
              vpc: vpc.name,
              stack: stacks[i],
              stackFile: stackFiles[i],
              region: vpc.spec.region,
              endpoints: vpc.spec.endpoints.map((e) => e.key),
            })),
            files: written,
            ...removed,
          });
        } else {
          ctx.out(stackFiles.join('\n'));
        }
        ctx.done('synth done');
      }),
    );
}

/** A refusal or a file system error while writing, as bad input naming --out; anything else as it is. */
async function writeError(err: unknown, shownOut: string): Promise<unknown> {
  const { IncompleteWriteError, LockedError, RefusedReplaceError } = await import('../../generators/write');
  if (err instanceof RefusedReplaceError) return BadInput.option('--out', err.dir, `cannot be replaced: ${err.reason}`);
  if (err instanceof LockedError) return BadInput.option('--out', shownOut, err.message);
  if (err instanceof IncompleteWriteError) return BadInput.written([{ option: '--out', file: shownOut, message: err.message }]);
  const code = (err as NodeJS.ErrnoException).code;
  if (code && /^E[A-Z]+$/.test(code)) return BadInput.option('--out', shownOut, writeProblem(err as NodeJS.ErrnoException));
  return err;
}
