/**
 * scripts/test-cdktn.js rewrites a copy of the repository for CDK Terrain:
 * the rewrites themselves, on the real sources, without installing anything.
 */
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from './support/cases';

const script = require('../scripts/test-cdktn.js') as {
  rewriteImports(text: string): string;
  rewriteManifest(manifest: Record<string, Record<string, string>>): Record<string, Record<string, string>>;
  KNOWN_DIFFERENCES: { what: string; from: RegExp; to: string }[];
  TESTS: string[];
};

test('rewrites every import form of cdktf and @cdktf/provider-aws, and nothing else', () => {
  const before = [
    "import { App } from 'cdktf';",
    "import type * as Cdktf from 'cdktf';",
    "const { Tokenization } = require('cdktf') as typeof Cdktf;",
    "const { App } = await import('cdktf');",
    "import 'cdktf/lib/testing/adapters/jest';",
    'import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";',
    "import { format } from '@cdktf/hcl-tools';",
    "expectSamePlan(name, id(name), spec, ['cdktf', 'module']);",
  ].join('\n');
  expect(script.rewriteImports(before).split('\n')).toEqual([
    "import { App } from 'cdktn';",
    "import type * as Cdktf from 'cdktn';",
    "const { Tokenization } = require('cdktn') as typeof Cdktf;",
    "const { App } = await import('cdktn');",
    "import 'cdktn/lib/testing/adapters/jest';",
    'import { VpcEndpoint } from "@cdktn/provider-aws/lib/vpc-endpoint";',
    "import { format } from '@cdktf/hcl-tools';",
    "expectSamePlan(name, id(name), spec, ['cdktf', 'module']);",
  ]);
});

test('leaves no cdktf import in the construct, the stack, the app or the tests it runs', () => {
  const files = ['main.ts', 'lib/cdktf/construct.ts', 'lib/cdktf/stack.ts', 'lib/cdktf/validate.ts', 'lib/cdktf/tokens.ts', 'lib/model/naming.ts', 'bin/commands/synth.ts', ...script.TESTS];
  for (const file of files) {
    const rewritten = script.rewriteImports(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'));
    expect([file, rewritten.match(/(from|import|require)\s*\(?\s*['"](cdktf|@cdktf\/provider-aws)['"/]/g)]).toEqual([file, null]);
  }
});

test('swaps the engine packages in package.json, in every dependency group', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const swapped = script.rewriteManifest(manifest);
  const all = { ...swapped.dependencies, ...swapped.devDependencies };
  expect(all).toMatchObject({ cdktn: '0.24.0', '@cdktn/provider-aws': '25.7.0', 'cdktn-cli': '0.24.0', constructs: '10.7.2' });
  expect(Object.keys({ ...all, ...swapped.peerDependencies }).filter((k) => /^(cdktf|cdktf-cli|@cdktf\/provider-aws)$/.test(k))).toEqual([]);
  expect(swapped.peerDependencies).toEqual({ '@cdktn/provider-aws': '^25.7.0', cdktn: '^0.24.0', constructs: '>=10.6.0 <10.8.0' });
  expect(swapped.scripts.synth).toBe('cdktn synth');
});

test('the known differences of form change nothing but form', () => {
  const golden = fs.readFileSync(path.join(REPO_ROOT, 'test', 'cases', 'default-six', 'cdk.tf.json'), 'utf8');
  const cdktn = script.KNOWN_DIFFERENCES.reduce((text, d) => text.replace(d.from, d.to), golden);
  expect(cdktn).not.toBe(golden);
  const normalize = (json: string) => JSON.parse(json.replace(/"source": "hashicorp\/aws"/g, '"source": "aws"'));
  expect(normalize(cdktn)).toEqual(normalize(golden));
});
