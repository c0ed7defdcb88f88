/**
 * The standalone Terraform module, rendered from `templates/module/`.
 *
 * `renderModule(spec)` is pure: it reads templates (cached) but writes
 * nothing, and returns relative path -> file text. The module is generic and
 * catalog-driven; the configuration only decides the defaults of `endpoints`
 * and `name_prefix`, the example in `examples/complete/` and the README's
 * usage block. `generators/write.ts` puts the files on disk.
 */
import { renderMermaid } from '../lib/reports/diagram';
import {
  CATALOG,
  partitionOf,
  PRINCIPAL_RESTRICTED_KEYS,
  PROFILE_CHOICES,
  profileEndpoints,
  REGION_PATTERN,
  REGIONS,
  SERVICE_PREFIX_EXCEPTIONS,
  STANDARD_SERVICE_PREFIX,
} from '../lib/model/catalog';
import { DEFAULT_NAME_PREFIX, type Spec } from '../lib/model/config';
import { presetPolicies } from '../lib/model/policies';
import { HTTPS_PORT, securityGroupDescription } from '../lib/model/naming';
import { AWS_PROVIDER_CONSTRAINT, moduleSource, TERRAFORM_CONSTRAINT, TESTED_AWS_PROVIDER_VERSIONS, TOOL_VERSION } from '../lib/model/versions';
import { formatHclText } from './hcl-format';
import { hclValue, markdownCell, markdownCode, renderTemplate } from './helpers';
import { customEndpointDefaults, endpointDefaults, MODULE_OUTPUTS, MODULE_RESOURCES, MODULE_VARIABLES, SECTIONS, wordList, type ModuleVariable } from './interface';
import { specToTfvars } from './tfvars';
import type { Backend } from '../lib/model/state';
import { BACKEND_FILE, backendContext, importBlocks, isDefaultBackend } from './state';

/** The example's backend file, written when the configuration sets `backend`. */
export const EXAMPLE_BACKEND_FILE = `examples/complete/${BACKEND_FILE}`;

/** Output file -> template, in the order the files are listed. */
export const MODULE_FILES: readonly { path: string; template: string; hcl: boolean }[] = [
  { path: 'README.md', template: 'README.md', hcl: false },
  { path: 'main.tf', template: 'main.tf', hcl: true },
  { path: 'variables.tf', template: 'variables.tf', hcl: true },
  { path: 'outputs.tf', template: 'outputs.tf', hcl: true },
  { path: 'versions.tf', template: 'versions.tf', hcl: true },
  { path: 'preflight.tf', template: 'preflight.tf', hcl: true },
  { path: 'modules/preflight/main.tf', template: 'modules/preflight/main.tf', hcl: true },
  { path: 'examples/complete/main.tf', template: 'examples/complete/main.tf', hcl: true },
  { path: 'tests/plan.tftest.hcl', template: 'tests/plan.tftest.hcl', hcl: true },
  { path: 'tests/defaults.tftest.hcl', template: 'tests/defaults.tftest.hcl', hcl: true },
  { path: 'tests/validation.tftest.hcl', template: 'tests/validation.tftest.hcl', hcl: true },
  { path: 'tests/preflight.tftest.hcl', template: 'tests/preflight.tftest.hcl', hcl: true },
];

/** Renders the module for a configuration: relative path -> file text (LF, one final newline, `terraform fmt` style). */
export async function renderModule(spec: Spec): Promise<Map<string, string>> {
  const context = { ...moduleContext(spec), usage: await usageBlock(spec), diagram: renderMermaid(spec).trimEnd() };
  const files = new Map<string, string>();
  for (const file of MODULE_FILES) {
    const raw = tidy(renderTemplate(file.template, context));
    files.set(file.path, file.hcl ? await formatHcl(raw, file.path) : raw);
  }
  // The example is the root of a single-VPC configuration: it gets the configured backend (generators/state.ts).
  if (!isDefaultBackend(spec.backend)) {
    files.set(EXAMPLE_BACKEND_FILE, await renderBackendFile(spec.backend, `this example (${spec.stack})`, EXAMPLE_BACKEND_FILE));
  }
  return files;
}

/** backend.tf of a root or of the example, for `backend` (`where` names the root in its comment, `file` in errors). */
export async function renderBackendFile(backend: Backend, where: string, file: string): Promise<string> {
  return formatHcl(tidy(renderTemplate('backend.tf', backendContext(backend, where), 'roots')), file);
}

/** Blank-line runs collapsed, trailing spaces and blank lines removed, one final newline. */
export function tidy(text: string): string {
  return `${text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

/** `terraform fmt` style (generators/hcl-format.ts), then `tidy`; `file` names the file in the error when the text is not HCL. */
export async function formatHcl(text: string, file: string): Promise<string> {
  const formatted = await formatHclText(text);
  if (typeof formatted !== 'string' || formatted.trim() === '') {
    throw new Error(`the rendered ${file} could not be formatted as HCL; a template or helper produced invalid HCL`);
  }
  return tidy(formatted);
}

// ---------------------------------------------------------------------------
// The template context
// ---------------------------------------------------------------------------

/** The README's type column text: continuation lines indented as they are inside the variable block. */
export function typeAsWritten(variable: ModuleVariable): string {
  return variable.type.replace(/\n/g, '\n  ');
}

/** The module arguments of the example and of the README's usage block, as HCL lines. */
function moduleArguments(spec: Spec): string {
  return moduleArgumentList(spec)
    .map(([name, value]) => `${name} = ${hclValue(value)}`)
    .join('\n');
}

/** The module arguments of the example and of the README's usage block: name and value, those that differ from the module's generic defaults. */
export function moduleArgumentList(spec: Spec): [string, unknown][] {
  const inputs = specToTfvars(spec);
  const args: [string, unknown][] = [
    ['vpc_id', inputs.vpc_id],
    ['subnet_ids', inputs.subnet_ids.length > 0 ? inputs.subnet_ids : undefined],
    ['route_table_ids', inputs.route_table_ids.length > 0 ? inputs.route_table_ids : undefined],
    // null (the default) derives it from security_group_ids, as the configuration does.
    ['create_security_group', inputs.create_security_group === (inputs.security_group_ids.length === 0) ? undefined : inputs.create_security_group],
    ['allowed_cidr_blocks', inputs.allowed_cidr_blocks.length > 0 ? inputs.allowed_cidr_blocks : undefined],
    ['allowed_security_group_ids', inputs.allowed_security_group_ids.length > 0 ? inputs.allowed_security_group_ids : undefined],
    ['allow_any_cidr', inputs.allow_any_cidr ? true : undefined],
    ['security_group_ids', inputs.security_group_ids.length > 0 ? inputs.security_group_ids : undefined],
    ['profile', spec.profile],
    ['endpoints', Object.keys(endpointDefaults(spec)).length > 0 ? endpointDefaults(spec) : undefined],
    ['custom_endpoints', Object.keys(customEndpointDefaults(spec)).length > 0 ? customEndpointDefaults(spec) : undefined],
    ['s3_ecr_layers_only', inputs.s3_ecr_layers_only ? true : undefined],
    ['allowed_principal_account_ids', inputs.allowed_principal_account_ids.length > 0 ? inputs.allowed_principal_account_ids : undefined],
    ['allowed_principal_org_id', inputs.allowed_principal_org_id ?? undefined],
    ['name_prefix', spec.namePrefix !== DEFAULT_NAME_PREFIX ? spec.namePrefix : undefined],
    ['tags', Object.keys(inputs.tags).length > 0 ? inputs.tags : undefined],
  ];
  return args.filter(([, value]) => value !== undefined);
}

/** The README's usage block: the example's module call, formatted. */
async function usageBlock(spec: Spec): Promise<string> {
  const block = `module "ecs_privatelink" {\n  source = "./modules/ecs-privatelink"\n\n${moduleArguments(spec)}\n}\n`;
  return (await formatHcl(block, 'README.md usage block')).trimEnd();
}

function moduleContext(spec: Spec) {
  const variables = MODULE_VARIABLES.map((v) => {
    const value = v.default ? v.default(spec) : undefined;
    return {
      name: v.name,
      section: v.section,
      description: v.description,
      type: v.type,
      hasDefault: v.default !== undefined,
      nullable: v.nullable === true,
      defaultHcl: v.default ? hclValue(value) : '',
      validations: v.validations,
      // README (terraform-docs) columns
      docName: markdownCell(v.name),
      docDescription: markdownCell(v.description),
      docType: markdownCode(typeAsWritten(v)),
      docDefault: v.default ? markdownCode(JSON.stringify(value, null, 2)) : 'n/a',
      docRequired: v.default ? 'no' : 'yes',
    };
  });
  const outputs = MODULE_OUTPUTS.map((o) => ({ ...o, docName: markdownCell(o.name), docDescription: markdownCell(o.description) }));
  const sections = SECTIONS.map((title) => ({
    title,
    variables: variables.filter((v) => v.section === title),
    outputs: outputs.filter((o) => o.section === title),
  }));
  const byName = <T extends { name: string }>(list: T[]) => [...list].sort((a, b) => a.name.localeCompare(b.name));

  return {
    toolVersion: TOOL_VERSION,
    moduleSource: moduleSource(),
    testedAwsProviderVersions: TESTED_AWS_PROVIDER_VERSIONS.join(', '),
    terraformConstraint: TERRAFORM_CONSTRAINT,
    awsProviderConstraint: AWS_PROVIDER_CONSTRAINT,
    catalog: Object.fromEntries(CATALOG.map((e) => [e.key, { service: e.service, type: e.type, private_dns: e.privateDns }])),
    profiles: Object.fromEntries(PROFILE_CHOICES.map((p) => [p, p === 'none' ? [] : profileEndpoints(p).map((e) => e.key)])),
    profileWords: wordList(PROFILE_CHOICES.filter((p) => p !== 'none')),
    regionPattern: REGION_PATTERN,
    knownRegions: Object.keys(REGIONS),
    catalogRows: CATALOG.map((e) => ({
      key: e.key,
      service: e.service,
      type: e.type,
      privateDns: e.type === 'Gateway' ? 'n/a' : `${e.privateDns ? 'on' : 'off'}${e.privateDnsRequired ? ' (required)' : ''}`,
      description: markdownCell(e.description),
      inDefault: spec.endpoints.some((p) => p.key === e.key) ? 'yes' : 'no',
    })),
    principalRestrictedKeys: [...PRINCIPAL_RESTRICTED_KEYS],
    principalRestrictedWords: wordList(PRINCIPAL_RESTRICTED_KEYS),
    policyPresets: policyPresets(),
    serviceNameExceptions: SERVICE_PREFIX_EXCEPTIONS.map((e) => ({ partition: e.partition, prefix: e.prefix, services: [...e.services] })),
    standardServicePrefix: STANDARD_SERVICE_PREFIX,
    securityGroupDescription,
    httpsPort: HTTPS_PORT,
    sections,
    docVariables: byName(variables),
    docOutputs: byName(outputs),
    docResources: MODULE_RESOURCES.map((r) => ({
      address: `${r.type}.${r.name}`,
      mode: r.mode,
      url: `https://registry.terraform.io/providers/hashicorp/aws/latest/docs/${r.mode === 'resource' ? 'resources' : 'data-sources'}/${r.type.replace(/^aws_/, '')}`,
    })),
    // tests/validation.tftest.hcl: one tag more than the module accepts
    fiftyTags: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`tag${String(i + 1).padStart(2, '0')}`, 'x'])),
    example: {
      region: spec.region,
      arguments: moduleArguments(spec),
      imports: importBlocks(spec.adopt),
    },
  };
}

/**
 * tests/plan.tftest.hcl: the preset policies the construct computes (lib/model/policies.ts) in the
 * regions of the test providers; the module's jsonencode must write the same bytes.
 */
function policyPresets() {
  const accounts = ['444455556666', '111122223333'];
  const org = 'o-a1b2c3d4e5';
  const regions = { standard: 'eu-west-1', china: 'cn-north-1', govcloud: 'us-gov-west-1' };
  return {
    accounts,
    org,
    ...Object.fromEntries(
      Object.entries(regions).map(([name, region]) => {
        const presets = presetPolicies({ region, partition: partitionOf(region), s3EcrLayersOnly: true, allowedPrincipalAccountIds: accounts, allowedPrincipalOrgId: org });
        return [name, { region, s3: presets.s3, principals: presets.ecr_api }];
      }),
    ),
  };
}
