/**
 * The state side of the generated Terraform: the backend file of a root
 * (`backend.tf`, from `backend` in the configuration) and the import blocks
 * of adopted resources (`adopt`), for the roots of a fleet and the module's
 * example alike. See lib/model/state.ts for the model; generators/module.ts
 * (`renderBackendFile`) renders the file.
 */
import type { Backend, Adoption } from '../lib/model/state';
import { LOCKFILE_TERRAFORM_CONSTRAINT } from '../lib/model/state';
import { hclKey, hclValue } from './helpers';

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
export function backendContext(backend: Backend, where: string) {
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

/** A local backend without a path: Terraform's default (the example gets no backend.tf then; a fleet's roots always do). */
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
