/**
 * The state side of the generated Terraform: the backend file of a root
 * (`backend.tf`, from `backend` in the configuration) and the import blocks
 * of adopted resources (`adopt`), for the roots of a fleet and the module's
 * example alike. See lib/model/state.ts for the model.
 */
import type { Backend, Adoption } from '../lib/model/state';
import { LOCKFILE_TERRAFORM_CONSTRAINT } from '../lib/model/state';
import { hclKey, hclValue, renderTemplate } from './helpers';
import { formatHcl, tidy } from './module';

/** The module call's name in a root and in the example: import addresses start with `module.<this>.`. */
export const MODULE_CALL = 'ecs_privatelink';

/** The file a root's backend goes to. */
export const BACKEND_FILE = 'backend.tf';

/** `name = value` lines of HCL arguments, skipping undefined values. */
function argumentLines(args: Record<string, unknown>): string {
  return Object.entries(args)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${hclKey(name)} = ${hclValue(value)}`)
    .join('\n');
}

/** A local state path as Terraform takes it in a root: the default is the root's own terraform.tfstate. */
export const ROOT_DEFAULT_LOCAL_PATH = 'terraform.tfstate';

/** The template context of backend.tf for `backend`; `where` names the root in its comment. */
function backendContext(backend: Backend, where: string) {
  const common = { where, kind: backend.type, type: backend.type, requiredVersion: false as string | false, cloud: false as false | { arguments: string; workspaces: string }, arguments: '' };
  switch (backend.type) {
    case 'local':
      return { ...common, arguments: argumentLines({ path: backend.path ?? ROOT_DEFAULT_LOCAL_PATH }) };
    case 's3':
      return {
        ...common,
        requiredVersion: backend.useLockfile ? LOCKFILE_TERRAFORM_CONSTRAINT : false,
        arguments: argumentLines({
          bucket: backend.bucket,
          key: backend.key,
          region: backend.region,
          encrypt: backend.encrypt,
          use_lockfile: backend.useLockfile ? true : undefined,
          dynamodb_table: backend.dynamodbTable,
          kms_key_id: backend.kmsKeyId,
          workspace_key_prefix: backend.workspaceKeyPrefix,
          assume_role: backend.roleArn !== undefined ? { role_arn: backend.roleArn } : undefined,
        }),
      };
    case 'cloud':
      return {
        ...common,
        cloud: {
          arguments: argumentLines({ organization: backend.organization, hostname: backend.hostname }),
          workspaces: argumentLines({ name: backend.workspace, project: backend.project }),
        },
      };
  }
}

/** backend.tf of a root (`file` names it in errors). */
export async function renderBackendFile(backend: Backend, where: string, file: string): Promise<string> {
  return formatHcl(tidy(renderTemplate('backend.tf', backendContext(backend, where), 'roots')), file);
}

/** The backends a root states in a file of its own; a local backend without a path is Terraform's default, but is written all the same. */
export function isDefaultBackend(backend: Backend): boolean {
  return backend.type === 'local' && backend.path === undefined;
}

/** The import blocks of the adopted resources, as the `imports` partial takes them. */
export function importBlocks(adopt: Adoption): { to: string; id: string }[] {
  return [
    ...Object.entries(adopt.endpoints).map(([key, id]) => ({ to: `module.${MODULE_CALL}.aws_vpc_endpoint.this[${JSON.stringify(key)}]`, id })),
    ...(adopt.securityGroup !== undefined ? [{ to: `module.${MODULE_CALL}.aws_security_group.this[0]`, id: adopt.securityGroup }] : []),
  ];
}
