/**
 * Reading a snapshot for the analysis: each operation's output, or a finding
 * saying why it is not there ("not collected", "could not check", "not an
 * SDK output"), reported once per operation, never a crash.
 */
import type { Finding } from './findings';
import type { Snapshot } from './snapshot';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The IAM action of an operation key: `ec2.DescribeVpcAttribute.enableDnsSupport` → `ec2:DescribeVpcAttribute`. */
export function iamAction(section: 'ec2' | 'ecs', op: string): string {
  return `${section}:${op.split('.')[0]}`;
}

export class SnapshotReader {
  private readonly reported = new Set<string>();

  constructor(
    readonly snapshot: Snapshot,
    private readonly findings: Finding[],
  ) {}

  /**
   * The output of `section.op`, or undefined with a finding that names what
   * could not be checked (`purpose`).
   */
  output(section: 'ec2' | 'ecs', op: string, purpose: string): Record<string, unknown> | undefined {
    const key = `${section}.${op}`;
    const error = this.snapshot.errors?.[key];
    if (error) {
      this.once(key, {
        severity: 'warning',
        check: 'could-not-check',
        resource: key,
        what: `could not check ${purpose}: ${op.split('.')[0]} failed (${error.name}${error.message ? `: ${error.message}` : ''})`,
        why: 'the doctor reads the VPC and cluster with read-only calls; a call that failed leaves its checks undone',
        fix: /denied|unauthori[sz]ed|forbidden/i.test(`${error.name} ${error.message}`)
          ? `allow ${iamAction(section, op)} to the credentials the doctor runs with (README: "IAM permissions of doctor"), then run it again`
          : /credential/i.test(`${error.name} ${error.message}`)
            ? 'give the doctor AWS credentials: the default chain (environment, AWS_PROFILE, SSO, instance role), or account.profile / account.assumeRoleArn of a fleet VPC in the configuration'
            : 'run the doctor again; if it keeps failing, run it with --snapshot-out and look at the call in the file',
      });
      return undefined;
    }
    const value = (this.snapshot[section] as Record<string, unknown> | undefined)?.[op];
    if (value === undefined) {
      this.once(key, {
        severity: 'warning',
        check: 'not-collected',
        resource: key,
        what: `not collected: ${op}; not checked: ${purpose}`,
        why: `the snapshot has no "${section}"."${op}" output`,
        fix: `record the snapshot again with ecs-privatelink doctor --snapshot-out, or add the ${op} output (AWS API reference shape) to the file`,
      });
      return undefined;
    }
    if (!isObject(value)) {
      this.once(key, {
        severity: 'warning',
        check: 'not-collected',
        resource: key,
        what: `not collected: "${section}"."${op}" is ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}, not the SDK's output object; not checked: ${purpose}`,
        why: 'a snapshot holds each operation\'s output object as the SDK returns it',
        fix: `record the snapshot again with ecs-privatelink doctor --snapshot-out, or write the ${op} output as an object`,
      });
      return undefined;
    }
    return value;
  }

  /** The list `field` of an operation's output (`Subnets` of DescribeSubnets), or undefined with a finding. */
  list<T>(section: 'ec2' | 'ecs', op: string, field: string, purpose: string): T[] | undefined {
    const output = this.output(section, op, purpose);
    if (!output) return undefined;
    const value = output[field];
    if (value === undefined) return [];
    if (!Array.isArray(value) || value.some((v) => !isObject(v))) {
      this.once(`${section}.${op}.${field}`, {
        severity: 'warning',
        check: 'not-collected',
        resource: `${section}.${op}`,
        what: `not collected: "${section}"."${op}".${field} is not a list of objects; not checked: ${purpose}`,
        why: `${op} returns ${field} as a list of objects`,
        fix: `record the snapshot again with ecs-privatelink doctor --snapshot-out, or fix ${field} in the file`,
      });
      return undefined;
    }
    return value as T[];
  }

  private once(key: string, finding: Finding): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.findings.push(finding);
  }
}
