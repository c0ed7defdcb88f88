/**
 * The public interface of the generated module, as a Terraform user depends
 * on it: input variables (and whether each is required), outputs, resource
 * addresses and endpoint keys (`aws_vpc_endpoint.this["ecr_api"]`), read
 * from the .tf files. Removing or renaming any of them, or making an
 * optional variable required, breaks callers: see "Versions and breaking
 * changes" in the README.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CATALOG } from '../../lib/model/catalog';

export interface ModuleInterface {
  /** Variable name → true when it has no default (the caller must set it). */
  variables: Record<string, boolean>;
  outputs: string[];
  /** `aws_vpc_endpoint.this`, ... */
  resources: string[];
  /** The keys of `aws_vpc_endpoint.this[...]`: the catalog keys. */
  endpointKeys: string[];
  /** `moved` blocks: from address → to address. */
  moved: Record<string, string>;
}

/** Top-level blocks of HCL text: `kind "label" "label" {` up to the closing `}` at column 0. */
function blocks(text: string, kind: string): { labels: string[]; body: string }[] {
  const found: { labels: string[]; body: string }[] = [];
  const re = new RegExp(`^${kind}((?:\\s+"[^"]+")*)\\s*\\{\\s*$`, 'gm');
  for (const m of text.matchAll(re)) {
    const start = m.index! + m[0].length;
    const end = text.indexOf('\n}', start);
    found.push({ labels: [...m[1].matchAll(/"([^"]+)"/g)].map((l) => l[1]), body: text.slice(start, end) });
  }
  return found;
}

export function readModuleInterface(dir: string): ModuleInterface {
  const text = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.tf'))
    .sort()
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
  const moved: Record<string, string> = {};
  for (const { body } of blocks(text, 'moved')) {
    const from = /^\s*from\s*=\s*(\S+)/m.exec(body)?.[1];
    const to = /^\s*to\s*=\s*(\S+)/m.exec(body)?.[1];
    if (from && to) moved[from] = to;
  }
  return {
    variables: Object.fromEntries(blocks(text, 'variable').map((b) => [b.labels[0], !/^ {2}default\s*=/m.test(b.body)])),
    outputs: blocks(text, 'output').map((b) => b.labels[0]).sort(),
    resources: blocks(text, 'resource').map((b) => b.labels.join('.')).sort(),
    endpointKeys: CATALOG.map((e) => e.key).sort(),
    moved,
  };
}

/**
 * What `current` breaks for a caller of `released`, one line each. A removed
 * item is allowed when the Unreleased part of the changelog names it in
 * backticks under "Breaking"; a removed resource address or endpoint key
 * also needs a `moved` block from its old address.
 */
export function breakingChanges(released: ModuleInterface, current: ModuleInterface, changelogUnreleased: string): string[] {
  const breaking = /### Breaking\n([\s\S]*?)(\n### |$)/.exec(changelogUnreleased)?.[1] ?? '';
  const announced = (name: string) => breaking.includes(`\`${name}\``);
  const problems: string[] = [];
  for (const [name, required] of Object.entries(released.variables)) {
    if (!(name in current.variables)) {
      if (!announced(name)) problems.push(`variable "${name}" was removed or renamed; callers that set it fail: keep it, or list \`${name}\` under Breaking in CHANGELOG.md`);
    } else if (!required && current.variables[name] && !announced(name)) {
      problems.push(`variable "${name}" became required; callers that leave it out fail: give it a default, or list \`${name}\` under Breaking in CHANGELOG.md`);
    }
  }
  for (const name of released.outputs) {
    if (!current.outputs.includes(name) && !announced(name)) {
      problems.push(`output "${name}" was removed or renamed; callers that read it fail: keep it, or list \`${name}\` under Breaking in CHANGELOG.md`);
    }
  }
  for (const address of released.resources) {
    if (!current.resources.includes(address) && !(address in current.moved)) {
      problems.push(`resource ${address} is gone; Terraform would destroy what it manages: add a moved block (from = ${address}, to = its new address)`);
    }
  }
  for (const key of released.endpointKeys) {
    const address = `aws_vpc_endpoint.this["${key}"]`;
    if (!current.endpointKeys.includes(key) && !(address in current.moved)) {
      problems.push(`endpoint key "${key}" is gone; Terraform would destroy ${address}: add a moved block from it to the new key`);
    }
  }
  return problems;
}
