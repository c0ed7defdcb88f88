/**
 * `generate --ci github-actions`: a GitHub Actions workflow that plans the
 * roots of a fleet (roots/<name>/, generators/fleet.ts) that a change
 * touches, fanned out over a job matrix. No scheduler of our own: GitHub runs
 * the jobs.
 *
 * - `check`: `ecs-privatelink check` of the module and the roots, first: a
 *   stale folder fails the run before anything is planned.
 * - `changes`: which roots the push or pull request touched (git diff);
 *   every root when the module, the configuration or the workflow changed.
 * - `plan` (`plan-2`, ... past 256 chunks): a matrix of chunks, each the
 *   roots of one account (one OIDC role to assume: the VPCs' `account.assumeRoleArn`,
 *   or the repository variable ECS_PRIVATELINK_ROLE_ARN for VPCs without one),
 *   planned one after another in the chunk's job, only those that changed.
 *   A matrix makes at most 256 jobs per workflow run
 *   (https://docs.github.com/en/actions/using-jobs/using-a-matrix-for-your-jobs),
 *   so roots are grouped into at most 256 chunks per matrix, and every root is
 *   in exactly one chunk.
 *
 * `renderGithubActionsWorkflow` is pure; the text starts with the
 * generated-file marker, so `generate` overwrites it and nothing else. This
 * file loads nothing heavy (not generators/fleet.ts, which loads the HCL
 * formatter), so that bin/commands/generate.ts can import it at once.
 */
import { stringify } from 'yaml';
import type { Fleet, FleetVpc } from '../lib/model/fleet';
import { markerText } from './helpers';

/** The CI engines `generate --ci` writes for. */
export const CI_ENGINES = ['github-actions'] as const;
export type CiEngine = (typeof CI_ENGINES)[number];

/** Where the workflow goes, relative to generate's --out (the repository root). */
export const GITHUB_WORKFLOW_FILE = '.github/workflows/ecs-privatelink-plan.yml';

/** A matrix makes at most 256 jobs per workflow run. */
export const GITHUB_MATRIX_LIMIT = 256;

/** The repository variable with the role for VPCs that name none (`account.assumeRoleArn`). */
export const DEFAULT_ROLE_VARIABLE = 'ECS_PRIVATELINK_ROLE_ARN';

/** Pinned versions of what the workflow runs. */
const ACTIONS = {
  checkout: 'actions/checkout@v4',
  setupNode: 'actions/setup-node@v4',
  setupTerraform: 'hashicorp/setup-terraform@v3',
  awsCredentials: 'aws-actions/configure-aws-credentials@v4',
} as const;

/** One job of a plan matrix: roots of one account. */
export interface PlanChunk {
  /** `1`, `2`, ...: unique across the workflow. */
  readonly id: string;
  /** The role to assume with GitHub's OIDC token; empty: the repository variable. */
  readonly role: string;
  /** Region for the credentials (STS): the first root's; the roots' providers set their own. */
  readonly region: string;
  /** Root names, space-separated in the workflow. */
  readonly roots: readonly string[];
}

/**
 * The fleet's roots in chunks: grouped by role (VPCs in name order), each
 * group cut into chunks of at most `size` roots, where `size` is the smallest
 * that keeps the number of chunks within one matrix when there is one role.
 */
export function planChunks(vpcs: readonly FleetVpc[], limit = GITHUB_MATRIX_LIMIT): PlanChunk[] {
  const size = Math.max(1, Math.ceil(vpcs.length / limit));
  const byRole = new Map<string, FleetVpc[]>();
  for (const vpc of vpcs) {
    const role = vpc.account?.assumeRoleArn ?? '';
    byRole.set(role, [...(byRole.get(role) ?? []), vpc]);
  }
  const chunks: PlanChunk[] = [];
  for (const role of [...byRole.keys()].sort()) {
    const group = byRole.get(role)!;
    for (let i = 0; i < group.length; i += size) {
      const part = group.slice(i, i + size);
      chunks.push({ id: String(chunks.length + 1), role, region: part[0].spec.region, roots: part.map((v) => v.name) });
    }
  }
  return chunks;
}

export interface WorkflowOptions {
  /** The configuration file, relative to the repository root with `/`. */
  readonly config: string;
  /** The folder that holds modules/ and roots/, relative to the repository root (`.` for the root itself). */
  readonly dir: string;
  /** The module's folder in `dir` (generators/fleet.ts FLEET_MODULE_DIR). */
  readonly moduleDir: string;
  /** The roots' folder in `dir` (generators/fleet.ts ROOTS_DIR). */
  readonly rootsDir: string;
  /** Terraform version for setup-terraform. */
  readonly terraformVersion?: string;
}

/** The workflow file's text. */
export function renderGithubActionsWorkflow(fleet: Fleet, options: WorkflowOptions): string {
  if (fleet.kind !== 'fleet') throw new Error('a CI workflow plans the roots of a fleet');
  const at = (rel: string) => (options.dir === '.' ? rel : `${options.dir}/${rel}`);
  const rootsDir = at(options.rootsDir);
  const moduleDir = at(options.moduleDir);
  const watched = [`${rootsDir}/**`, `${moduleDir}/**`, options.config, GITHUB_WORKFLOW_FILE];
  const chunks = planChunks(fleet.vpcs);
  const matrices: PlanChunk[][] = [];
  for (let i = 0; i < chunks.length; i += GITHUB_MATRIX_LIMIT) matrices.push(chunks.slice(i, i + GITHUB_MATRIX_LIMIT));

  const checkout = { uses: ACTIONS.checkout };
  const jobs: Record<string, unknown> = {
    check: {
      name: 'ecs-privatelink check',
      'runs-on': 'ubuntu-latest',
      steps: [
        checkout,
        { uses: ACTIONS.setupNode, with: { 'node-version': '20', cache: 'npm' } },
        { run: 'npm ci' },
        { name: 'The module and the roots are what generate writes', run: `npx ecs-privatelink check --dir ${shellWord(options.dir)} --config ${shellWord(options.config)}` },
      ],
    },
    changes: {
      name: 'Roots to plan',
      needs: 'check',
      'runs-on': 'ubuntu-latest',
      outputs: { roots: '${{ steps.diff.outputs.roots }}' },
      steps: [
        { uses: ACTIONS.checkout, with: { 'fetch-depth': 0 } },
        {
          id: 'diff',
          name: 'Roots changed since the base (all when the module, the configuration or this workflow changed)',
          shell: 'bash',
          env: {
            EVENT: '${{ github.event_name }}',
            PR_BASE: '${{ github.event.pull_request.base.sha }}',
            PUSH_BEFORE: '${{ github.event.before }}',
          },
          run: changesScript(rootsDir, [moduleDir, options.config, GITHUB_WORKFLOW_FILE]),
        },
      ],
    },
  };
  matrices.forEach((matrix, i) => {
    jobs[i === 0 ? 'plan' : `plan-${i + 1}`] = planJob(matrix, rootsDir, options.terraformVersion ?? '1.11.4');
  });

  const workflow = {
    name: 'ecs-privatelink plan',
    on: {
      pull_request: { paths: watched },
      push: { branches: ['main'], paths: watched },
      workflow_dispatch: null,
    },
    permissions: { contents: 'read', 'id-token': 'write' },
    concurrency: { group: 'ecs-privatelink-plan-${{ github.ref }}', 'cancel-in-progress': true },
    jobs,
  };
  const header = [
    `# ${markerText()}`,
    `# Plans the Terraform roots of ${options.config} that a change touches: ${count(fleet.vpcs.length, 'root')} in ${count(chunks.length, 'chunk')}.`,
    `# Regenerate with: ecs-privatelink generate --config ${options.config} --out ${options.dir} --ci github-actions`,
  ];
  return `${header.join('\n')}\n${stringify(workflow, { lineWidth: 0, nullStr: '', aliasDuplicateObjects: false })}`;
}

function planJob(chunks: PlanChunk[], rootsDir: string, terraformVersion: string): unknown {
  const picked = "steps.pick.outputs.roots != ''";
  return {
    name: 'plan ${{ matrix.chunk }}',
    needs: 'changes',
    if: "needs.changes.outputs.roots != ''",
    'runs-on': 'ubuntu-latest',
    strategy: {
      'fail-fast': false,
      matrix: { include: chunks.map((c) => ({ chunk: c.id, role: c.role, region: c.region, roots: c.roots.join(' ') })) },
    },
    steps: [
      {
        id: 'pick',
        name: 'Roots of this chunk that changed',
        shell: 'bash',
        env: { CHANGED: '${{ needs.changes.outputs.roots }}', ROOTS: '${{ matrix.roots }}' },
        run: [
          'picked=""',
          'for root in $ROOTS; do',
          '  if [ "$CHANGED" = "*" ] || [[ " $CHANGED " == *" $root "* ]]; then picked="$picked $root"; fi',
          'done',
          'echo "roots=${picked# }" >> "$GITHUB_OUTPUT"',
          'echo "to plan:${picked:- none}"',
        ].join('\n'),
      },
      { if: picked, uses: ACTIONS.checkout },
      {
        if: picked,
        name: 'Credentials of the account (OIDC)',
        uses: ACTIONS.awsCredentials,
        with: { 'role-to-assume': `\${{ matrix.role || vars.${DEFAULT_ROLE_VARIABLE} }}`, 'aws-region': '${{ matrix.region }}' },
      },
      { if: picked, uses: ACTIONS.setupTerraform, with: { terraform_version: terraformVersion, terraform_wrapper: false } },
      {
        if: picked,
        name: 'terraform plan, root by root',
        shell: 'bash',
        env: { ROOTS: '${{ steps.pick.outputs.roots }}' },
        run: [
          'failed=""',
          'for root in $ROOTS; do',
          `  dir=${shellWord(rootsDir)}/$root`,
          '  echo "::group::$root"',
          '  if ! { terraform -chdir="$dir" init -input=false && terraform -chdir="$dir" plan -input=false -lock=false; }; then failed="$failed $root"; fi',
          '  echo "::endgroup::"',
          'done',
          'if [ -n "$failed" ]; then echo "::error::plan failed for:$failed"; exit 1; fi',
        ].join('\n'),
      },
    ],
  };
}

/** The `changes` step: writes `roots` (space-separated names, `*` for all, empty for none) to $GITHUB_OUTPUT. */
function changesScript(rootsDir: string, everything: string[]): string {
  const prefix = `${rootsDir}/`;
  return [
    'set -euo pipefail',
    'zero=0000000000000000000000000000000000000000',
    'case "$EVENT" in',
    '  pull_request) base="$PR_BASE" ;;',
    '  push) base="$PUSH_BEFORE" ;;',
    '  *) base="" ;;',
    'esac',
    'if [ -z "$base" ] || [ "$base" = "$zero" ] || ! git cat-file -e "$base^{commit}" 2>/dev/null; then',
    '  echo "roots=*" >> "$GITHUB_OUTPUT"; echo "no base to compare with: every root"; exit 0',
    'fi',
    'changed=$(git diff --name-only "$base" HEAD)',
    'while IFS= read -r file; do',
    '  case "$file" in',
    ...everything.map((p) => `    ${shellWord(p)}|${shellWord(p)}/*) echo "roots=*" >> "$GITHUB_OUTPUT"; echo "$file changed: every root"; exit 0 ;;`),
    '  esac',
    'done <<< "$changed"',
    `roots=$(printf '%s\\n' "$changed" | sed -n 's|^${sedLiteral(prefix)}\\([^/]*\\)/.*|\\1|p' | sort -u | tr '\\n' ' ')`,
    'roots="${roots% }"',
    'echo "roots=$roots" >> "$GITHUB_OUTPUT"',
    'echo "changed roots: ${roots:-none}"',
  ].join('\n');
}

/** A path as one shell word: bare when it is plain, else in single quotes. */
function shellWord(text: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A path as literal text in a sed pattern with | as separator. */
function sedLiteral(text: string): string {
  return text.replace(/[\\|.*[\]^$]/g, (c) => `\\${c}`);
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}
