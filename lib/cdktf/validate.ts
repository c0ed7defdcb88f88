/**
 * The construct's checks of its literal properties, by the configuration
 * file's rules: the same JSON Schema parts (lib/model/schema.ts) and the same
 * message code (lib/model/config.ts), so that an app passing
 * `subnetIds: ['subnet-xyz']` gets the sentence the command line prints for
 * that value in a file.
 *
 * A property may be a CDKTF token (`vpc.id`, `subnet.id`, `vpc.cidrBlock`):
 * its value exists only at apply time, so it is never rejected for its form.
 * Tokens are skipped one by one; the literals beside them are still checked.
 */
import { Token } from 'cdktf';
import { CATALOG } from '../model/catalog';
import { cidrProblem, formatPath, schemaProblems } from '../model/config';
import { CONFIG_SCHEMA, type JsonSchema } from '../model/schema';

/** A problem with one property, at its path in the props (`subnetIds[1]`, `endpoints.ecr_apii`). */
export interface PropProblem {
  path: string;
  message: string;
}

/** Bad properties of an `EcsPrivateLink`: one line per problem, `EcsPrivateLink <id>: <path>: <message>`. */
export class EcsPrivateLinkPropsError extends Error {
  constructor(
    readonly constructId: string,
    readonly problems: readonly PropProblem[],
  ) {
    super(problems.map((p) => `EcsPrivateLink ${constructId}: ${p.path}: ${p.message}`).join('\n'));
    this.name = 'EcsPrivateLinkPropsError';
  }
}

/** The properties checked here: the part of `EcsPrivateLinkProps` that holds ids, CIDR blocks and endpoint keys (declared here, so construct.ts can import this file without a cycle). */
export interface CheckedProps {
  readonly region: string;
  readonly vpcId: string;
  readonly subnetIds?: readonly string[];
  readonly routeTableIds?: readonly string[];
  readonly allowedCidrBlocks?: readonly string[];
  readonly allowedSecurityGroupIds?: readonly string[];
  readonly securityGroupIds?: readonly string[];
  readonly endpoints?: Readonly<Record<string, unknown>>;
  readonly namePrefix?: string;
  readonly allowedPrincipalAccountIds?: readonly string[];
  readonly allowedPrincipalOrgId?: string;
}

const FIELDS = CONFIG_SCHEMA.properties!;

/** The construct names endpoints by catalog key (`ecr_api`), where the file uses AWS short names (`ecr.api`). */
const ENDPOINT_KEY_SCHEMA: JsonSchema = { type: 'string', enum: CATALOG.map((e) => e.key), 'x-name': 'endpoint' };

/** Props that are one id (or name) checked by the schema part of the file field of the same name. */
const SCALAR_FIELDS = ['allowedPrincipalOrgId', 'namePrefix'] as const;

/** Props that are lists of ids checked by the `items` schema of the file field of the same name. */
const LIST_FIELDS = ['subnetIds', 'routeTableIds', 'allowedSecurityGroupIds', 'securityGroupIds', 'allowedPrincipalAccountIds'] as const;

/** Every problem with the literal values of `props`; tokens are skipped. */
export function propsProblems(props: CheckedProps): PropProblem[] {
  const problems: PropProblem[] = [];
  const report = (at: (string | number)[], message: string) => problems.push({ path: formatPath(at), message });
  // Checked as the value of a field (never as a whole file), so a wrong type reads "is a number (123); expected ...".
  const check = (value: unknown, schema: JsonSchema, at: (string | number)[], required = false) => {
    const wrapper: JsonSchema = { type: 'object', properties: { value: schema }, required: required ? ['value'] : [] };
    for (const p of schemaProblems({ value }, wrapper)) report([...at, ...p.path.slice(1)], p.message);
  };

  if (Token.isUnresolved(props.region)) {
    report(['region'], 'is a token; the service names (com.amazonaws.<region>.ecr.api) are built from the region at synth time, so give it as a literal string, like "eu-west-1"');
  } else {
    check(props.region, FIELDS.region, ['region'], true);
  }
  if (!Token.isUnresolved(props.vpcId)) check(props.vpcId, FIELDS.vpcId, ['vpcId'], true);
  for (const field of SCALAR_FIELDS) {
    const value = props[field];
    if (value !== undefined && !Token.isUnresolved(value)) check(value, FIELDS[field], [field]);
  }
  const listOf = (field: string, value: unknown, checkItem: (item: string, i: number) => void) => {
    if (value === undefined || Token.isUnresolved(value)) return;
    if (!Array.isArray(value)) check(value, FIELDS[field], [field]);
    else eachLiteral(value, field, checkItem, report);
  };
  for (const field of LIST_FIELDS) {
    listOf(field, props[field], (item, i) => check(item, FIELDS[field].items!, [field, i]));
  }
  listOf('allowedCidrBlocks', props.allowedCidrBlocks, (cidr, i) => {
    const problem = typeof cidr === 'string' ? cidrProblem(cidr) : undefined;
    if (typeof cidr !== 'string') check(cidr, FIELDS.allowedCidrBlocks.items!, ['allowedCidrBlocks', i]);
    else if (problem) report(['allowedCidrBlocks', i], problem);
  });
  if (props.endpoints !== undefined && !Token.isUnresolved(props.endpoints)) {
    for (const key of Object.keys(props.endpoints)) check(key, ENDPOINT_KEY_SCHEMA, ['endpoints', key]);
  }
  return problems;
}

/** Throws an `EcsPrivateLinkPropsError` listing every problem of `propsProblems`. */
export function assertValidProps(constructId: string, props: CheckedProps): void {
  const problems = propsProblems(props);
  if (problems.length > 0) throw new EcsPrivateLinkPropsError(constructId, problems);
}

/** Calls `check` on each literal item of a list prop (token items are skipped) and reports the literals listed twice, as the file's rules do. */
function eachLiteral(
  list: readonly string[],
  field: string,
  check: (value: string, index: number) => void,
  report: (at: (string | number)[], message: string) => void,
): void {
  const seen = new Set<string>();
  list.forEach((value, i) => {
    if (Token.isUnresolved(value)) return;
    check(value, i);
    if (seen.has(value)) report([field, i], `${JSON.stringify(value)} is listed twice`);
    seen.add(value);
  });
}
