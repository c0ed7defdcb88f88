/**
 * State you can trust: where each VPC's Terraform state lives (`backend`),
 * under which name (`name`, the CDKTF stack), and which existing resources
 * its next plan imports instead of creating (`adopt`).
 *
 * Every VPC gets a state location of its own by default: the stack is
 * `ecs-privatelink-<vpcId>` for a single-VPC file (`name` changes it) and
 * `ecs-privatelink-<name>` in a fleet; the local state file is
 * `terraform.{stack}.tfstate`, the S3 key `ecs-privatelink/{region}/{vpcId}.tfstate`,
 * the HCP Terraform workspace `{stack}`. A location may use the placeholders
 * `{name}`, `{stack}`, `{vpcId}`, `{region}` and `{account}`, so that one
 * setting in a fleet's defaults gives every VPC its own location;
 * lib/model/fleet.ts refuses two VPCs that would still share one.
 *
 * The schema of the fields is in lib/model/schema.ts; this file holds the
 * rules beyond it and the resolution. It imports nothing from config.ts
 * (config.ts calls it), so that the imports stay acyclic.
 */
import { CATALOG } from './catalog';

/** `backend` as written in the file (the schema has checked its shape). */
export interface BackendConfig {
  local?: { path?: string };
  s3?: {
    bucket: string;
    key?: string;
    region?: string;
    encrypt?: boolean;
    useLockfile?: boolean;
    dynamodbTable?: string;
    kmsKeyId?: string;
    roleArn?: string;
    workspaceKeyPrefix?: string;
  };
  cloud?: { organization: string; workspace?: string; project?: string; hostname?: string };
}

/** `adopt` as written in the file: endpoint id by AWS short name, and the security group. */
export interface AdoptConfig {
  endpoints?: Record<string, string>;
  securityGroup?: string;
}

/** The fields of a single-VPC configuration this file reads. */
export interface StateFields {
  name?: string;
  vpcId: string;
  region: string;
  backend?: BackendConfig;
  adopt?: AdoptConfig;
  securityGroupIds?: string[];
  allowedSecurityGroupIds?: string[];
  createSecurityGroup?: boolean;
}

/** A resolved backend: every default applied, every placeholder filled in. */
export type Backend =
  | {
      type: 'local';
      /** Relative path as the user gave it (placeholders filled in); undefined: the default (`terraform.<stack>.tfstate` for the stack, `terraform.tfstate` in a root). */
      path?: string;
    }
  | {
      type: 's3';
      bucket: string;
      key: string;
      region: string;
      encrypt: boolean;
      useLockfile: boolean;
      dynamodbTable?: string;
      kmsKeyId?: string;
      roleArn?: string;
      workspaceKeyPrefix?: string;
    }
  | { type: 'cloud'; organization: string; workspace: string; project?: string; hostname?: string };

/** Resources to import instead of create: endpoint id by catalog key (`ecr_api`), and the security group. */
export interface Adoption {
  endpoints: Record<string, string>;
  securityGroup?: string;
}

/** Who a VPC is, for its stack name and the placeholders of its state location. */
export interface StateIdentity {
  /** `{name}`: the VPC's name in a fleet; in a single-VPC file, `name` (default `ecs-privatelink-<vpcId>`). */
  name: string;
  /** `{stack}`: the CDKTF stack. */
  stack: string;
  /** `{account}`: the AWS account id, when known (from a fleet VPC's account.assumeRoleArn). */
  account?: string;
}

/** The prefix of every stack name, and the stack name of a 0.1.0 single-VPC configuration. */
export const STACK_PREFIX = 'ecs-privatelink';

/** Defaults of the state locations; placeholders as in `fillTemplate`. */
export const DEFAULT_LOCAL_PATH = 'terraform.{stack}.tfstate';
export const DEFAULT_S3_KEY = 'ecs-privatelink/{region}/{vpcId}.tfstate';
export const DEFAULT_CLOUD_WORKSPACE = '{stack}';

/** Terraform >= 1.10 reads `use_lockfile` of the S3 backend (older versions refuse the argument). */
export const LOCKFILE_TERRAFORM_CONSTRAINT = '>= 1.10';

/** The placeholders a state location may use. */
export const PLACEHOLDERS = ['name', 'stack', 'vpcId', 'region', 'account'] as const;

/** The identity of a single-VPC configuration: `name`, else `ecs-privatelink-<vpcId>`; its stack has that name. */
export function singleIdentity(config: Pick<StateFields, 'name' | 'vpcId'>): StateIdentity {
  const name = config.name ?? `${STACK_PREFIX}-${config.vpcId}`;
  return { name, stack: name };
}

/** The identity of a fleet's VPC: stack `ecs-privatelink-<name>`, account from the role it assumes. */
export function fleetIdentity(name: string, assumeRoleArn?: string): StateIdentity {
  const account = assumeRoleArn?.split(':')[4];
  return { name, stack: `${STACK_PREFIX}-${name}`, ...(account ? { account } : {}) };
}

type Report = (path: (string | number)[], message: string) => void;

const show = (value: unknown) => JSON.stringify(value);

/**
 * `text` with its placeholders filled in, or the problem: an unknown
 * placeholder, or `{account}` for a VPC whose account is not known.
 */
export function fillTemplate(text: string, config: Pick<StateFields, 'vpcId' | 'region'>, identity: StateIdentity): { value: string } | { problem: string } {
  const values: Record<(typeof PLACEHOLDERS)[number], string | undefined> = {
    name: identity.name,
    stack: identity.stack,
    vpcId: config.vpcId,
    region: config.region,
    account: identity.account,
  };
  let problem: string | undefined;
  const value = text.replace(/\{([^{}]*)\}/g, (whole, word: string) => {
    if (!(PLACEHOLDERS as readonly string[]).includes(word)) {
      problem ??= `${show(text)} has the unknown placeholder ${whole}; the placeholders are ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`;
      return whole;
    }
    const filled = values[word as (typeof PLACEHOLDERS)[number]];
    if (filled === undefined) {
      problem ??= `${show(text)} uses {account}, but the account of this VPC is not known: give the VPC an account.assumeRoleArn (in a fleet), or write the account id instead`;
      return whole;
    }
    return filled;
  });
  if (problem === undefined && /[{}]/.test(value)) problem = `${show(text)} has a "{" or "}" that is not part of a placeholder like {name}`;
  return problem === undefined ? { value } : { problem };
}

/** Reserved by S3 (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). */
const BUCKET_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const BUCKET_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** What AWS would refuse in a general purpose bucket name beyond its characters and length (the schema checks those), or undefined. */
export function bucketNameProblem(bucket: string): string | undefined {
  const rules = 'see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html';
  if (bucket.includes('..')) return `${show(bucket)} has two adjacent periods, which S3 refuses in a bucket name; ${rules}`;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(bucket)) return `${show(bucket)} is formatted as an IP address, which S3 refuses as a bucket name; ${rules}`;
  const prefix = BUCKET_PREFIXES.find((p) => bucket.startsWith(p));
  if (prefix) return `${show(bucket)} starts with ${show(prefix)}, a prefix S3 reserves; ${rules}`;
  const suffix = BUCKET_SUFFIXES.find((s) => bucket.endsWith(s));
  if (suffix) return `${show(bucket)} ends with ${show(suffix)}, a suffix S3 reserves; ${rules}`;
  return undefined;
}

/** What Terraform's S3 backend refuses in a state key (placeholders filled in), or undefined. */
function s3KeyProblem(key: string): string | undefined {
  if (key.startsWith('/') || key.endsWith('/') || key.includes('//')) {
    return `${show(key)} is not a key Terraform's S3 backend accepts: it must not start or end with "/" nor hold "//"; like ecs-privatelink/{region}/{vpcId}.tfstate`;
  }
  if (Buffer.byteLength(key, 'utf8') > 1024) return `is ${Buffer.byteLength(key, 'utf8')} bytes once filled in; S3 object keys are at most 1024 bytes`;
  return undefined;
}

/** A local state path must stay relative, so that no synthesized or generated file holds an absolute path. */
function localPathProblem(p: string): string | undefined {
  if (p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:/.test(p) || p.startsWith('~')) {
    return `${show(p)} is an absolute path; give a path relative to the project folder (the CDKTF stack) and to roots/<name> (a root), like state/{name}.tfstate`;
  }
  if (/[\u0000-\u001f\u007f]/.test(p)) return `${show(p)} has a control character (newline, tab, ...); write a plain file path`;
  if (p.endsWith('/') || p.endsWith('\\')) return `${show(p)} is a folder; name the state file, like ${p}terraform.tfstate`;
  return undefined;
}

/** Rules of `backend` beyond the schema: one backend, bucket names S3 accepts, placeholders that exist, keys and paths Terraform accepts. */
export function checkBackendRules(config: StateFields, identity: StateIdentity, report: Report): void {
  const backend = config.backend;
  if (backend === undefined) return;
  const kinds = Object.keys(backend);
  if (kinds.length === 0) {
    report(['backend'], 'is empty; give one of local, s3 and cloud, or remove backend to keep the state in a local file');
    return;
  }
  const fill = (at: (string | number)[], text: string, check: (value: string) => string | undefined) => {
    const filled = fillTemplate(text, config, identity);
    if ('problem' in filled) return report(at, filled.problem);
    const problem = check(filled.value);
    if (problem) report(at, problem);
  };
  if (backend.local?.path !== undefined) fill(['backend', 'local', 'path'], backend.local.path, localPathProblem);
  if (backend.s3) {
    const problem = bucketNameProblem(backend.s3.bucket);
    if (problem) report(['backend', 's3', 'bucket'], problem);
    if (backend.s3.key !== undefined) fill(['backend', 's3', 'key'], backend.s3.key, s3KeyProblem);
  }
  if (backend.cloud?.workspace !== undefined) {
    fill(['backend', 'cloud', 'workspace'], backend.cloud.workspace, (w) =>
      /^[A-Za-z0-9_-]{1,90}$/.test(w) ? undefined : `${show(w)} is not a workspace name HCP Terraform accepts: 1 to 90 letters, digits, "_" or "-"`,
    );
  }
}

/** Rules of `adopt`: endpoints that are on, each id once, a security group that would be created. */
export function checkAdoptRules(config: StateFields, services: readonly string[], hasInterface: boolean, report: Report): void {
  const adopt = config.adopt;
  if (adopt === undefined) return;
  const endpoints = Object.entries(adopt.endpoints ?? {});
  if (endpoints.length === 0 && adopt.securityGroup === undefined) {
    report(['adopt'], 'is empty; give the endpoints to import by AWS short name (ecr.api: vpce-...) and/or securityGroup, or remove adopt');
  }
  const owner = new Map<string, string>();
  for (const [service, id] of endpoints) {
    if (!services.includes(service)) {
      report(['adopt', 'endpoints', service], `adopts ${id} as ${service}, which is not among the endpoints (${services.join(', ')}); add ${service} to endpoints or remove this line`);
    }
    const first = owner.get(id);
    if (first !== undefined) report(['adopt', 'endpoints', service], `${show(id)} is also adopted as ${first}; one endpoint can be imported once: check the ids with aws ec2 describe-vpc-endpoints`);
    else owner.set(id, service);
  }
  if (adopt.securityGroup !== undefined) {
    const given = config.securityGroupIds ?? [];
    const created = config.createSecurityGroup ?? given.length === 0;
    if (!hasInterface || !created) {
      report(['adopt', 'securityGroup'], `${show(adopt.securityGroup)} cannot be adopted: ecs-privatelink creates no security group here (${hasInterface ? 'securityGroupIds is given and createSecurityGroup is not true' : 'no interface endpoint is on'}); remove it`);
    } else if (given.includes(adopt.securityGroup) || (config.allowedSecurityGroupIds ?? []).includes(adopt.securityGroup)) {
      const field = given.includes(adopt.securityGroup) ? 'securityGroupIds' : 'allowedSecurityGroupIds';
      report(['adopt', 'securityGroup'], `${show(adopt.securityGroup)} is also in ${field}; the adopted group becomes the one ecs-privatelink manages: remove it from ${field}`);
    }
  }
}

/** The backend of a VPC whose configuration passed `checkBackendRules`: defaults applied, placeholders filled in. */
export function resolveBackend(config: StateFields, identity: StateIdentity): Backend {
  const fill = (text: string) => {
    const filled = fillTemplate(text, config, identity);
    if ('problem' in filled) throw new Error(`a state location that validation refused reached resolveBackend: ${filled.problem}`);
    return filled.value;
  };
  const { local, s3, cloud } = config.backend ?? {};
  if (s3) {
    return {
      type: 's3',
      bucket: s3.bucket,
      key: fill(s3.key ?? DEFAULT_S3_KEY),
      region: s3.region ?? config.region,
      encrypt: s3.encrypt ?? true,
      useLockfile: s3.useLockfile ?? true,
      ...(s3.dynamodbTable !== undefined ? { dynamodbTable: s3.dynamodbTable } : {}),
      ...(s3.kmsKeyId !== undefined ? { kmsKeyId: s3.kmsKeyId } : {}),
      ...(s3.roleArn !== undefined ? { roleArn: s3.roleArn } : {}),
      ...(s3.workspaceKeyPrefix !== undefined ? { workspaceKeyPrefix: s3.workspaceKeyPrefix } : {}),
    };
  }
  if (cloud) {
    return {
      type: 'cloud',
      organization: cloud.organization,
      workspace: fill(cloud.workspace ?? DEFAULT_CLOUD_WORKSPACE),
      ...(cloud.project !== undefined ? { project: cloud.project } : {}),
      ...(cloud.hostname !== undefined ? { hostname: cloud.hostname } : {}),
    };
  }
  return { type: 'local', ...(local?.path !== undefined ? { path: fill(local.path) } : {}) };
}

/** `adopt` by catalog key, for the construct and the templates. */
export function resolveAdoption(config: StateFields): Adoption {
  const endpoints: Record<string, string> = {};
  // Catalog order, whatever the order in the file.
  for (const e of CATALOG) {
    const id = config.adopt?.endpoints?.[e.service];
    if (id !== undefined) endpoints[e.key] = id;
  }
  return { endpoints, ...(config.adopt?.securityGroup !== undefined ? { securityGroup: config.adopt.securityGroup } : {}) };
}

/** The local state file of a stack: the path given, else `terraform.<stack>.tfstate` (relative to the project folder). */
export function stackLocalPath(backend: Extract<Backend, { type: 'local' }>, stack: string): string {
  return backend.path ?? DEFAULT_LOCAL_PATH.replace('{stack}', stack);
}

/**
 * Where a backend keeps a VPC's state, as one comparable string: two VPCs of
 * a fleet with the same location would share (and overwrite) one state.
 */
export function stateLocation(backend: Backend, stack: string): { field: string[]; where: string } {
  switch (backend.type) {
    case 'local':
      return { field: ['backend', 'local', 'path'], where: `the local file ${stackLocalPath(backend, stack)}` };
    case 's3':
      return { field: ['backend', 's3', 'key'], where: `s3://${backend.bucket}/${backend.key}` };
    case 'cloud':
      return { field: ['backend', 'cloud', 'workspace'], where: `the workspace ${backend.workspace} of ${backend.hostname ?? 'app.terraform.io'}/${backend.organization}` };
  }
}
