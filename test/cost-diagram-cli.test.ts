/**
 * End to end: `ecs-privatelink cost` and `ecs-privatelink diagram`, run in
 * this process (`run(argv, io)`, what the binary calls) with their own working
 * folder and environment; test/cli.test.ts checks that the compiled binary
 * prints and writes what run() does for each command. One test spawns the
 * binary (`node dist/bin/ecs-privatelink.js`; `npm test` builds it first),
 * for the configuration named by the environment.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DOMParser } from '@xmldom/xmldom';
import { EXAMPLE_CONFIG, REPO_ROOT } from './support/cases';
import { runInProcess } from './support/run-cli';

const CLI = path.join(REPO_ROOT, 'dist', 'bin', 'ecs-privatelink.js');

let dir: string;

beforeAll(() => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does)`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-privatelink-cost-diagram-'));
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function run(...args: string[]) {
  const env = { ...process.env };
  delete env.ECS_PRIVATELINK_CONFIG;
  return runInProcess(args, dir, env);
}

function writeConfig(name: string, extra: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${fs.readFileSync(EXAMPLE_CONFIG, 'utf8')}${extra}`);
  return file;
}

/** Bad input: exit 2, one line per problem and a summary on stderr, nothing on stdout, no stack trace. */
function expectBadInput(r: Awaited<ReturnType<typeof run>>, ...messages: (string | RegExp)[]) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  for (const m of messages) expect(r.stderr).toMatch(m);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/internal error/);
}

describe('ecs-privatelink cost', () => {
  test('prints the comparison for the built-in example: $325.35 through one NAT gateway, $76.25 with PrivateLink', async () => {
    const r = await run('cost', '--config', EXAMPLE_CONFIG, '--gb-per-month', '6500');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/NAT gateway hours\s+1 × 730 h × \$0\.045\s+\$32\.85/);
    expect(r.stdout).toMatch(/NAT data processed\s+6,500 GB × \$0\.045\s+\$292\.50/);
    expect(r.stdout).toMatch(/Total per month\s+\$325\.35\s+\$76\.25/);
    expect(r.stdout).toContain('Saving with PrivateLink: $249.10 per month');
    expect(r.stdout).toContain('Break-even: PrivateLink is cheaper above 902.2 GB/month.');
    expect(r.stderr).toMatch(/^read .*privatelink\.config\.yaml: eu-west-1, vpc-0a1b2c3d4e5f67890, 6 endpoints/m);
  });

  test('--json prints the estimate as JSON, with the prices and where they came from', async () => {
    const r = await run('cost', '--config', EXAMPLE_CONFIG, '--gb-per-month', '6500', '--nat-gateways', '2', '--interface-share', '10%', '--json', '--quiet');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout);
    expect(json.command).toBe('ecs-privatelink cost');
    expect(json.natGateways).toBe(2);
    expect(json.interfaceShare).toBe(0.1);
    expect(json.nat.monthly).toBe(358.2);
    expect(json.privateLink.monthly).toBe(79.5);
    expect(json.prices.natGatewayHourly).toEqual({ value: 0.045, source: 'default' });
  });

  test('prices come from the flags first, then the config pricing section, then the defaults', async () => {
    const config = writeConfig('priced.yaml', '\npricing:\n  natGatewayHourly: 0.048\n  natGatewayPerGb: 0.048\n');
    const r = await run('cost', '--config', config, '--gb-per-month', '1000', '--nat-gateway-per-gb', '0.05', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.prices).toEqual({
      natGatewayHourly: { value: 0.048, source: 'config' },
      natGatewayPerGb: { value: 0.05, source: 'override' },
      interfaceEndpointHourly: { value: 0.01, source: 'default' },
      interfaceEndpointPerGb: { value: 0.01, source: 'default' },
    });
    const text = (await run('cost', '--config', config, '--gb-per-month', '1000', '--nat-gateway-per-gb', '0.05')).stdout;
    expect(text).toMatch(/NAT gateway\s+\$0\.048 per gateway-hour\s+config file, pricing section/);
    expect(text).toMatch(/NAT gateway data processed\s+\$0\.05 per GB\s+command line/);
  });

  test('takes the configuration from ECS_PRIVATELINK_CONFIG', async () => {
    const result = spawnSync(process.execPath, [CLI, 'cost', '--gb-per-month', '0'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, ECS_PRIVATELINK_CONFIG: EXAMPLE_CONFIG },
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Total per month\s+\$32\.85\s+\$73\.00/);
  });

  test.each([
    [['--gb-per-month', 'lots'], /--gb-per-month <gb>' argument 'lots' is invalid\. expected GB per month: a number from 0 to 1,000,000,000, like 6500/],
    [['--gb-per-month', '-5'], /--gb-per-month/],
    [[], /required option '-g, --gb-per-month <gb>' not specified/],
    [['--gb-per-month', '10', '--nat-gateways', '0'], /expected a whole number from 1 to 1000/],
    [['--gb-per-month', '10', '--interface-share', '150'], /expected a percentage from 0 to 100/],
    [['--gb-per-month', '10', '--nat-gateway-hourly', 'free'], /--nat-gateway-hourly <usd>' argument 'free' is invalid/],
    [['--gb-per-month', '10', '--no-such-flag'], /unknown option '--no-such-flag'/],
  ])('rejects bad options with one line and exit 2: %j', async (args, message) => {
    const r = await run('cost', '--config', EXAMPLE_CONFIG, ...args);
    expectBadInput(r, message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('rejects a bad pricing section with the line of each problem, together with the other problems of the file', async () => {
    const config = writeConfig('bad-pricing.yaml', '\npricing:\n  natGatewayHourly: cheap\n  natGatewayPerGB: 0.05\n');
    const lines = fs.readFileSync(config, 'utf8').split('\n');
    const line = (text: string) => lines.findIndex((l) => l.includes(text)) + 1;
    const r = await run('cost', '--config', config, '--gb-per-month', '10');
    expectBadInput(
      r,
      `bad-pricing.yaml:${line('natGatewayHourly')}: pricing.natGatewayHourly: is a string ("cheap"); expected a number from 0 to 1000`,
      `bad-pricing.yaml:${line('natGatewayPerGB')}: pricing.natGatewayPerGB: is not a known field; known fields: natGatewayHourly, natGatewayPerGb, interfaceEndpointHourly, interfaceEndpointPerGb, transitGatewayAttachmentHourly, transitGatewayPerGb, hostedZoneMonthly, profileAssociationHourly; did you mean "natGatewayPerGb"?`,
      /ecs-privatelink cost: 2 problems in bad-pricing\.yaml; nothing was written/,
    );
  });

  test('rejects a missing configuration file', async () => {
    expectBadInput(await run('cost', '--config', 'nope.yaml', '--gb-per-month', '10'), /^nope\.yaml: no such file/m);
  });
});

describe('ecs-privatelink diagram', () => {
  test('prints Mermaid by default', async () => {
    const r = await run('diagram', '--config', EXAMPLE_CONFIG);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^flowchart LR$/m);
    for (const host of ['api.ecr.eu-west-1.amazonaws.com', '*.dkr.ecr.eu-west-1.amazonaws.com', 'ecs.eu-west-1.amazonaws.com']) {
      expect(r.stdout).toContain(host);
    }
  });

  test('writes an SVG with --out, the format taken from the extension', async () => {
    const r = await run('diagram', '--config', EXAMPLE_CONFIG, '--out', 'pictures/architecture.svg');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('wrote pictures/architecture.svg (svg, 6 endpoints)');
    const svg = fs.readFileSync(path.join(dir, 'pictures', 'architecture.svg'), 'utf8');
    const root = new DOMParser().parseFromString(svg, 'image/svg+xml').documentElement!;
    expect(root.tagName).toBe('svg');
    expect(svg).toContain('id="endpoint-ecr_dkr"');
    // The same bytes as --format svg on stdout.
    expect((await run('diagram', '--config', EXAMPLE_CONFIG, '--format', 'svg')).stdout).toBe(svg);
  });

  test('--json names the file written', async () => {
    const r = await run('diagram', '--config', EXAMPLE_CONFIG, '--out', 'arch.mmd', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ command: 'ecs-privatelink diagram', config: EXAMPLE_CONFIG, format: 'mermaid', file: 'arch.mmd' });
  });

  test.each([
    [['--format', 'png'], /--format <format>' argument 'png' is invalid\. expected one of: mermaid, svg/],
    [['--format', 'mermaid', '--out', 'picture.svg'], /--out picture\.svg: has the extension of svg, but --format is mermaid; make them agree/],
    [['--out', '.'], /--out \.: is a folder; name a file/],
  ])('rejects bad options with exit 2 and writes nothing: %j', async (args, message) => {
    const before = fs.readdirSync(dir).sort();
    expectBadInput(await run('diagram', '--config', EXAMPLE_CONFIG, ...args), message);
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });

  test('rejects --out naming the configuration file itself', async () => {
    const config = writeConfig('self.yaml', '');
    const before = fs.readFileSync(config, 'utf8');
    expectBadInput(await run('diagram', '--config', config, '--out', config, '--format', 'mermaid'), /is the configuration file; choose another file/);
    expect(fs.readFileSync(config, 'utf8')).toBe(before);
  });

  test('rejects a bad configuration and writes nothing', async () => {
    const config = writeConfig('bad.yaml', '\nsubnetIds:\n  - subnet-0a1b2c3d4e5f60009\n');
    const r = await run('diagram', '--config', config, '--out', 'never.svg');
    expectBadInput(r, /bad\.yaml:\d+: subnets: subnetIds and subnets are alternatives/, /nothing was written/);
    expect(fs.existsSync(path.join(dir, 'never.svg'))).toBe(false);
  });
});
