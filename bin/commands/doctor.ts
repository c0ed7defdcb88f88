/**
 * `ecs-privatelink doctor`: after deploy, why tasks cannot pull images
 * (`CannotPullContainerError … i/o timeout`) or container instances do not
 * register. Reads the VPC (and a cluster) from AWS into a snapshot, or a
 * saved snapshot, and prints findings: severity, resource, what fails, why
 * (the AWS rule) and the fix. Exit 0 healthy, 1 findings (errors or
 * warnings), 2 bad input.
 *
 * The analysis is pure (lib/reports/doctor/); the AWS SDK is loaded only to
 * collect (bin/doctor/collect.ts), never for --snapshot-in.
 */
import * as fs from 'fs';
import type { Command } from 'commander';
import { BadInput, writeFileAtomic, type Cli, type Context } from '../cli/context';
import { CONFIG_ENV, DEFAULT_CONFIG_FILE } from '../cli/support';
import { analyse } from '../../lib/reports/doctor/analyse';
import { doctorExitCode, formatDoctorReport } from '../../lib/reports/doctor/findings';
import { parseSnapshot, renderSnapshot, SnapshotError, type Snapshot } from '../../lib/reports/doctor/snapshot';
import type { Spec } from '../../lib/model/config';
import type { AccountHint } from '../../lib/model/fleet';

interface DoctorOptions {
  config?: string;
  vpc?: string;
  cluster?: string;
  snapshotIn?: string;
  snapshotOut?: string;
}

/** The VPC to check: its spec and credentials, from the configuration. */
interface Target {
  file: string;
  spec: Spec;
  account?: AccountHint;
}

export function register(program: Command, cli: Cli): void {
  program
    .command('doctor')
    .summary('find why tasks cannot pull images through the endpoints (after deploy)')
    .description(
      'Check a deployed VPC (and an ECS cluster) for the known causes of CannotPullContainerError ... i/o timeout and of ' +
        'container instances that never register: the VPC DNS attributes, missing or unavailable endpoints, private DNS, ' +
        'Availability Zones without an endpoint interface, the S3 gateway in the route tables and its policy, security ' +
        'groups and network ACLs. Reads AWS with read-only calls (default credential chain, or the account of the ' +
        'configuration), or a saved snapshot with --snapshot-in (no AWS call). Exit 0 healthy, 1 findings, 2 bad input.',
    )
    .option('-c, --config <file>', `configuration file (default: $${CONFIG_ENV}, else ${DEFAULT_CONFIG_FILE}; optional with --snapshot-in)`)
    .option('--vpc <name>', 'the VPC of a fleet configuration to check, by name')
    .option('--cluster <name>', 'ECS cluster whose services and container instances are the clients (without it, client checks are skipped)')
    .option('--snapshot-out <file>', 'also write what was read from AWS to this JSON file (replaced if it exists), to share or analyse later')
    .option('--snapshot-in <file>', 'analyse a saved snapshot instead of calling AWS')
    .addHelpText(
      'after',
      `
The snapshot holds the AWS SDK's own output objects keyed by operation name
(schema/doctor-snapshot.schema.json); the README lists the IAM permissions doctor needs.

Examples:
  $ ecs-privatelink doctor --config privatelink.config.yaml --cluster prod
  $ ecs-privatelink doctor --config privatelink.config.yaml --cluster prod --snapshot-out snap.json
  $ ecs-privatelink doctor --snapshot-in snap.json --json`,
    )
    .action(cli.action<DoctorOptions>((ctx, options) => runDoctor(ctx, options)));
}

async function runDoctor(ctx: Context, options: DoctorOptions): Promise<number> {
  if (options.snapshotIn !== undefined && options.snapshotOut !== undefined) {
    throw BadInput.option('--snapshot-out', options.snapshotOut, 'writes what doctor reads from AWS, and --snapshot-in reads nothing from AWS: give one of them');
  }
  let snapshot: Snapshot;
  let target: Target | undefined;
  if (options.snapshotIn !== undefined) {
    snapshot = readSnapshot(ctx, options.snapshotIn);
    const configGiven = options.config !== undefined || !!ctx.io.env[CONFIG_ENV];
    target = configGiven ? readTarget(ctx, options) : undefined;
    checkMatches(ctx, options, snapshot, target);
  } else {
    target = readTarget(ctx, options);
    if (options.snapshotOut !== undefined) ctx.checkOutputFile('--snapshot-out', ctx.resolve(options.snapshotOut), true);
    const { collectSnapshot } = await import('../doctor/collect');
    snapshot = await collectSnapshot({
      region: target.spec.region,
      vpcId: target.spec.vpcId,
      ...(options.cluster !== undefined ? { cluster: options.cluster } : {}),
      ...(target.account ? { account: target.account } : {}),
      progress: (m) => ctx.progress(m),
    });
    if (options.snapshotOut !== undefined) {
      const file = ctx.resolve(options.snapshotOut);
      writeFileAtomic('--snapshot-out', ctx.display(file), file, renderSnapshot(snapshot));
      ctx.progress(`wrote ${ctx.display(file)}`);
    }
  }
  const report = analyse(snapshot, target ? { spec: target.spec } : {});
  const exitCode = doctorExitCode(report);
  if (ctx.json) ctx.outJson({ command: ctx.commandPath, exitCode, ...report });
  else ctx.out(formatDoctorReport(report));
  ctx.done('doctor done');
  return exitCode;
}

/** The VPC of the configuration: the only one, or the fleet's VPC named by --vpc. */
function readTarget(ctx: Context, options: DoctorOptions): Target {
  const file = ctx.configFile(options.config);
  const fleet = ctx.loadFleet(file);
  if (fleet.kind === 'single' && options.vpc === undefined) return { file, spec: fleet.vpcs[0].spec, ...(fleet.vpcs[0].account ? { account: fleet.vpcs[0].account } : {}) };
  const names = fleet.vpcs.map((v) => v.name);
  if (fleet.kind === 'single') throw BadInput.option('--vpc', options.vpc!, `${ctx.display(file)} configures one VPC, not a fleet: remove --vpc`);
  if (options.vpc === undefined) throw BadInput.option('--config', ctx.display(file), `is a fleet of ${names.length} VPCs: name the one to check with --vpc (${names.join(', ')})`);
  const vpc = fleet.vpcs.find((v) => v.name === options.vpc);
  if (!vpc) throw BadInput.option('--vpc', options.vpc, `is not a VPC of ${ctx.display(file)}; its VPCs are ${names.join(', ')}`);
  return { file, spec: vpc.spec, ...(vpc.account ? { account: vpc.account } : {}) };
}

function readSnapshot(ctx: Context, option: string): Snapshot {
  const file = ctx.resolve(option);
  const shown = ctx.display(file);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw BadInput.option('--snapshot-in', shown, code === 'ENOENT' ? 'does not exist; write one with doctor --snapshot-out' : code === 'EISDIR' ? 'is a folder; name a snapshot file' : `cannot be read (${code ?? (err as Error).message})`);
  }
  try {
    return parseSnapshot(text);
  } catch (err) {
    if (err instanceof SnapshotError) throw new BadInput(err.problems.map((p) => ({ option: '--snapshot-in', file: shown, message: p.path ? `${p.path}: ${p.message}` : p.message })));
    throw err;
  }
}

/** A snapshot of another VPC, region or cluster than asked for is bad input, not a finding. */
function checkMatches(ctx: Context, options: DoctorOptions, snapshot: Snapshot, target: Target | undefined): void {
  const shown = ctx.display(ctx.resolve(options.snapshotIn!));
  if (target && (target.spec.vpcId !== snapshot.vpcId || target.spec.region !== snapshot.region)) {
    throw BadInput.option(
      '--snapshot-in',
      shown,
      `is of ${snapshot.vpcId} in ${snapshot.region}, but ${ctx.display(target.file)} configures ${target.spec.vpcId} in ${target.spec.region}; use the configuration of that VPC, or record a snapshot of ${target.spec.vpcId}`,
    );
  }
  if (options.cluster !== undefined && options.cluster !== snapshot.cluster) {
    throw BadInput.option('--cluster', options.cluster, `is not the cluster of ${shown} (${snapshot.cluster ?? 'none: it was recorded without --cluster'}); remove --cluster, or record a snapshot with it`);
  }
}
