/**
 * The package as a user gets it: `npm pack` (its `prepack` builds from a
 * copy of the sources), the sources deleted, then the tarball installed into
 * the consumer example examples/cdktf-app/ copied to an empty folder, once
 * for the whole file (npm --prefer-offline: the cache first, the registry for
 * what it lacks). There `npx ecs-privatelink` finds the installed command,
 * which runs every command (through the link npm made in node_modules/.bin,
 * what npx runs: npx itself costs 0.4 s of CPU a call), and the example, an existing CDKTF app, imports the construct with types,
 * synthesizes with tokens of its own resources, and Terraform plans it.
 */
import { execFile } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { version } from '../package.json';
import { REPO_ROOT } from './support/cases';
import { addTestProviderOverride, plan, removeTempDirs, tempDir } from './support/terraform';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** A child process with npm's own variables removed (`npm test` sets them), so the consumer's npm is a user's. */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Result> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'ECS_PRIVATELINK_CONFIG' && k !== 'INIT_CWD'));
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: { ...clean, CHECKPOINT_DISABLE: '1', ...env }, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

async function ok(command: string, args: string[], cwd: string): Promise<Result> {
  const result = await run(command, args, cwd);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.code} in ${cwd}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** `npx ecs-privatelink ...` in the consumer folder, never fetching it from the registry. */
const npx = (args: string[]) => run('npx', ['--no', '--', 'ecs-privatelink', ...args], app);
/** The installed command, as npx runs it: the link npm made in node_modules/.bin. */
const command = (args: string[]) => run(path.join(app, 'node_modules', '.bin', 'ecs-privatelink'), args, app);

/** What `npm pack` needs to build: everything but tests, benchmarks, generated outputs and local state. */
const NOT_PACKED = new Set(['.git', 'node_modules', 'dist', 'cdktf.out', 'test', 'bench', 'modules', 'examples', 'coverage', '.gen']);

let work: string;
let source: string;
let tarball: string;
let app: string;
let installed: string;

beforeAll(async () => {
  work = tempDir('package');
  source = path.join(work, 'source');
  fs.mkdirSync(source);
  for (const entry of fs.readdirSync(REPO_ROOT)) {
    if (NOT_PACKED.has(entry) || entry.endsWith('.tgz')) continue;
    fs.cpSync(path.join(REPO_ROOT, entry), path.join(source, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(source, 'node_modules'), 'dir');
  const packed = await ok('npm', ['pack', '--pack-destination', work], source);
  tarball = path.join(work, packed.stdout.trim().split('\n').pop()!);
  // From here on nothing can reach into a source tree.
  fs.rmSync(source, { recursive: true, force: true });

  app = path.join(work, 'app');
  fs.cpSync(path.join(REPO_ROOT, 'examples', 'cdktf-app'), app, { recursive: true, filter: (f) => !/[/\\](node_modules|dist|cdktf\.out)$/.test(f) });
  const manifest = JSON.parse(fs.readFileSync(path.join(app, 'package.json'), 'utf8'));
  manifest.dependencies['ecs-privatelink'] = `file:${tarball}`;
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify(manifest, null, 2));
  await ok('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], app);
  installed = path.join(app, 'node_modules', 'ecs-privatelink');
});

afterAll(() => removeTempDirs());

describe('npm pack', () => {
  test('the tarball holds the build, declarations, templates, schema and license, and no sources or tests', async () => {
    expect(path.basename(tarball)).toBe(`ecs-privatelink-${version}.tgz`);
    const files = (await ok('tar', ['-tzf', tarball], work)).stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
    for (const expected of [
      'package.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'dist/bin/ecs-privatelink.js',
      'dist/lib/index.js',
      'dist/lib/index.d.ts',
      'dist/lib/cdktf/construct.d.ts',
      'dist/generators/templates.precompiled.js',
      'schema/privatelink.config.schema.json',
      'templates/module/main.tf.hbs',
      'templates/roots/main.tf.hbs',
    ]) {
      expect(files).toContain(expected);
    }
    expect(files.filter((f) => /^(test|bench|dist\/bench|modules|examples)\//.test(f) || (f.endsWith('.ts') && !f.endsWith('.d.ts')))).toEqual([]);
  });

  test('the installed package.json is publishable and its entry points exist', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
    expect(manifest.private).toBeUndefined();
    expect(manifest.license).toBe('Apache-2.0');
    expect(manifest.repository.url).toMatch(/github\.com\/ecs-privatelink\/ecs-privatelink\.git$/);
    expect(manifest.engines.node).toBe('>=20');
    for (const file of [manifest.main, manifest.types, manifest.exports['.'].types, manifest.exports['.'].default, manifest.bin['ecs-privatelink']]) {
      expect(fs.existsSync(path.join(installed, file))).toBe(true);
    }
  });

  test('nothing in the installed package points into the source tree', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, e.name);
        if (e.isDirectory()) walk(file);
        else if (fs.readFileSync(file, 'utf8').includes(REPO_ROOT)) offenders.push(path.relative(installed, file));
      }
    };
    walk(installed);
    expect(offenders).toEqual([]);
  });

  test('the precompiled templates match the packaged templates (the command line compiles nothing)', () => {
    const precompiled = require(path.join(installed, 'dist', 'generators', 'templates.precompiled.js')) as Record<string, { sha256: string }>;
    const templates = path.join(installed, 'templates');
    const rels = Object.keys(precompiled).sort();
    expect(rels.length).toBeGreaterThan(5);
    for (const rel of rels) {
      expect([rel, createHash('sha256').update(fs.readFileSync(path.join(templates, rel), 'utf8')).digest('hex')]).toEqual([rel, precompiled[rel].sha256]);
    }
  });
});

describe('ecs-privatelink, installed from the tarball (found by npx)', () => {
  test('--version is the package version, through npx and through the link it runs', async () => {
    const result = await npx(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n` });
    expect(await command(['--version'])).toEqual(result);
  });

  test('init, generate, check (up to date, then drift), synth, cost, diagram', async () => {
    const init = await command(['init', '--profile', 'ec2', '--out', 'privatelink.config.yaml']);
    expect(init.code).toBe(0);
    // The editor hint points at the schema init writes beside the file (the package's own), so it works wherever the two move.
    expect(fs.readFileSync(path.join(app, 'privatelink.config.yaml'), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=./privatelink.config.schema.json');
    expect(fs.readFileSync(path.join(app, 'privatelink.config.schema.json'), 'utf8')).toBe(fs.readFileSync(path.join(installed, 'schema', 'privatelink.config.schema.json'), 'utf8'));

    const generate = await command(['generate', '--config', 'privatelink.config.yaml', '--out', 'modules/ecs-privatelink']);
    expect(generate.code).toBe(0);
    expect(fs.readFileSync(path.join(app, 'modules', 'ecs-privatelink', 'main.tf'), 'utf8').split('\n')[0]).toBe(
      `# Code generated by ecs-privatelink ${version}. DO NOT EDIT.`,
    );

    const check = await command(['check', '--dir', 'modules/ecs-privatelink', '--config', 'privatelink.config.yaml']);
    expect(check.code).toBe(0);
    fs.appendFileSync(path.join(app, 'modules', 'ecs-privatelink', 'outputs.tf'), '# edited by hand\n');
    const drift = await command(['check', '--dir', 'modules/ecs-privatelink', '--config', 'privatelink.config.yaml']);
    expect(drift.code).toBe(1);
    expect(drift.stdout).toContain('+++ b/modules/ecs-privatelink/outputs.tf');

    const synth = await command(['synth', '--config', 'privatelink.config.yaml', '--out', 'cdktf.out.cli']);
    // One stack per VPC: ecs-privatelink-<vpcId>.
    expect(synth.code).toBe(0);
    const stackName = /^cdktf\.out\.cli\/stacks\/(ecs-privatelink-vpc-[0-9a-f]{8,17})\/cdk\.tf\.json\n$/.exec(synth.stdout)?.[1];
    expect(stackName).toBeDefined();
    const stack = JSON.parse(fs.readFileSync(path.join(app, 'cdktf.out.cli', 'stacks', stackName!, 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(stack.resource.aws_vpc_endpoint)).toHaveLength(6);

    const cost = await command(['cost', '--config', 'privatelink.config.yaml', '--gb-per-month', '6500', '--json']);
    expect(cost.code).toBe(0);
    expect(JSON.parse(cost.stdout)).toMatchObject({ region: 'eu-west-1', gbPerMonth: 6500 });

    const mermaid = await command(['diagram', '--config', 'privatelink.config.yaml']);
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout).toMatch(/^%%\{init/);
    const svg = await command(['diagram', '--config', 'privatelink.config.yaml', '--out', 'architecture.svg']);
    expect(svg.code).toBe(0);
    expect(fs.readFileSync(path.join(app, 'architecture.svg'), 'utf8')).toMatch(/^(<\?xml [^>]*>\s*)?<svg /);
  });

  test('rejects a bad configuration with exit 2 and one line per problem', async () => {
    fs.writeFileSync(path.join(app, 'bad.yaml'), 'region: eu-west-1\nvpcId: vpc-12\n');
    const result = await command(['generate', '--config', 'bad.yaml', '--out', 'bad-module']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bad.yaml:2: vpcId: "vpc-12" is not valid; expected a VPC id');
    expect(fs.existsSync(path.join(app, 'bad-module'))).toBe(false);
  });
});

describe('the library, in an existing CDKTF app (examples/cdktf-app)', () => {
  test('require() gives the construct; only the entry points are exported', async () => {
    const script = `
      const lib = require('ecs-privatelink');
      console.log(typeof lib.EcsPrivateLink, require('ecs-privatelink/package.json').version);
      try { require('ecs-privatelink/dist/lib/model/config'); } catch (e) { console.log(e.code); }`;
    const result = await ok(process.execPath, ['-e', script], app);
    expect(result.stdout).toBe(`function ${version}\nERR_PACKAGE_PATH_NOT_EXPORTED\n`);
  });

  test('rejects an unknown endpoint key and a bad literal id with the command line\'s messages', async () => {
    const script = `
      const { App, TerraformStack } = require('cdktf');
      const { EcsPrivateLink } = require('ecs-privatelink');
      const stack = new TerraformStack(new App(), 'bad');
      try {
        new EcsPrivateLink(stack, 'privatelink', { region: 'eu-west-1', vpcId: 'vpc-12', subnetIds: ['subnet-0123456789abcdef0'], endpoints: { ecr_apii: {} } });
      } catch (e) { console.log(e.message); }`;
    const result = await ok(process.execPath, ['-e', script], app);
    expect(result.stdout.split('\n')).toEqual([
      'EcsPrivateLink privatelink: vpcId: "vpc-12" is not valid; expected a VPC id: "vpc-" followed by 8 or 17 lowercase hexadecimal digits, like vpc-0123456789abcdef0',
      expect.stringMatching(/^EcsPrivateLink privatelink: endpoints\.ecr_apii: "ecr_apii" is not a known endpoint; allowed: ecr_api, .*; did you mean "ecr_api"\?$/),
      '',
    ]);
  });

  test('compiles against the package\'s types, synthesizes with tokens, and Terraform plans it offline', async () => {
    await ok('npm', ['run', '--silent', 'synth'], app);
    const stackDir = path.join(app, 'cdktf.out', 'stacks', 'network');
    const stack = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
    const endpoints = Object.values(stack.resource.aws_vpc_endpoint) as Record<string, unknown>[];
    expect(endpoints).toHaveLength(6);
    const dkr = endpoints.find((e) => String(e.service_name).endsWith('.ecr.dkr'))!;
    expect(dkr).toMatchObject({ vpc_id: '${aws_vpc.vpc.id}', subnet_ids: ['${aws_subnet.private-a.id}', '${aws_subnet.private-b.id}'] });
    const rules = Object.values(stack.resource.aws_vpc_security_group_ingress_rule) as Record<string, unknown>[];
    expect(rules.map((r) => r.cidr_ipv4)).toEqual(['${aws_vpc.vpc.cidr_block}']);

    addTestProviderOverride(stackDir);
    const planned = await plan(stackDir);
    const changes = planned.resource_changes ?? [];
    expect(changes.filter((c) => c.type === 'aws_vpc_endpoint').map((c) => c.change.actions)).toEqual(Array(6).fill(['create']));
    // The ids are the app's own resources', unknown until apply: the construct passed them through.
    const planDkr = changes.find((c) => c.type === 'aws_vpc_endpoint' && String(c.change.after?.service_name).endsWith('.ecr.dkr'))!;
    expect(planDkr.change.after_unknown).toMatchObject({ vpc_id: true, subnet_ids: true });
    expect(changes).toHaveLength(16);
  });
});
