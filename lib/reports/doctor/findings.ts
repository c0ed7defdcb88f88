/**
 * What the doctor reports: findings, each with its severity, the resource,
 * what fails, why (the AWS rule) and the fix; and the exit code they make.
 */

/** `error`: pulls or registration fail; `warning`: works but costs or may fail, or could not be checked; `info`: a note. */
export type Severity = 'error' | 'warning' | 'info';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export interface Finding {
  severity: Severity;
  /** Stable id of the check, like `vpc-dns-support`. */
  check: string;
  /** The AWS resource concerned (`vpc-…`, `rtb-…`, `vpce-…`, a service name). */
  resource: string;
  what: string;
  /** The AWS rule behind it, with the documentation page when there is one. */
  why: string;
  fix: string;
}

export interface DoctorReport {
  region: string;
  vpcId: string;
  cluster?: string;
  findings: Finding[];
  counts: Record<Severity, number>;
}

/** 0 healthy, 1 when there is an error or a warning (informational notes do not count). */
export function doctorExitCode(report: DoctorReport): 0 | 1 {
  return report.counts.error + report.counts.warning > 0 ? 1 : 0;
}

export function countFindings(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The report as text: one block per finding, errors first, then a summary line. */
export function formatDoctorReport(report: DoctorReport): string {
  const lines: string[] = [];
  const header = `ecs-privatelink doctor: ${report.vpcId} in ${report.region}${report.cluster ? `, cluster ${report.cluster}` : ''}`;
  lines.push(header, '');
  for (const severity of SEVERITIES) {
    for (const f of report.findings.filter((x) => x.severity === severity)) {
      lines.push(`${severity.toUpperCase().padEnd(7)} ${f.resource}: ${f.what}`);
      lines.push(`        why: ${f.why}`);
      lines.push(`        fix: ${f.fix}`);
      lines.push('');
    }
  }
  const { error, warning, info } = report.counts;
  lines.push(error + warning === 0 ? `healthy: no error, no warning${info > 0 ? ` (${plural(info, 'note')})` : ''}` : `${plural(error, 'error')}, ${plural(warning, 'warning')}, ${plural(info, 'note')}`);
  return `${lines.join('\n')}\n`;
}
