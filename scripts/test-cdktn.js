#!/usr/bin/env node
/**
 * `npm run test:cdktn`: the construct, synth, golden and equivalence tests on
 * CDK Terrain, the community continuation of CDKTF, from the same code base.
 *
 * In a temporary copy of the repository (the committed sources are never
 * touched) it swaps the engine packages, rewrites the import specifiers of
 * the TypeScript sources and tests, installs, builds and runs the tests:
 *
 *   cdktf                -> cdktn                (ENGINE_VERSION)
 *   @cdktf/provider-aws  -> @cdktn/provider-aws  (PROVIDER_VERSION, built for AWS provider 6.66.0)
 *   cdktf-cli            -> cdktn-cli            (ENGINE_VERSION)
 *   constructs           -> CONSTRUCTS_VERSION   (@cdktn/provider-aws wants >= 10.6.0 < 10.8.0)
 *
 * npm reads the cache first (--prefer-offline) and the registry for what it
 * lacks; terraform runs offline against the provider mirror, as in `npm test`.
 * Arguments are passed to jest (`npm run test:cdktn -- -t golden`).
 * KEEP_CDKTN_COPY=1 keeps the copy and prints where it is.
 */
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ENGINE_VERSION = '0.24.0';
const PROVIDER_VERSION = '25.7.0';
const CONSTRUCTS_VERSION = '10.7.2';

/** The test files this script runs: the construct, synth (goldens and terraform), the fleet synth one stack at a time (which copies a part of the engine's TerraformStack.toTerraform), fleet goldens, the hub fleets' validation, equivalence. */
const TESTS = [
  'test/construct.test.ts',
  'test/construct-tokens.test.ts',
  'test/synth.test.ts',
  'test/synth-terraform.test.ts',
  'test/synth-stream.test.ts',
  'test/fleet.test.ts',
  'test/hub-terraform.test.ts',
  'test/equivalence.test.ts',
];

const PACKAGE_SWAP = {
  cdktf: ['cdktn', ENGINE_VERSION],
  '@cdktf/provider-aws': ['@cdktn/provider-aws', PROVIDER_VERSION],
  'cdktf-cli': ['cdktn-cli', ENGINE_VERSION],
  constructs: ['constructs', CONSTRUCTS_VERSION],
};

/**
 * The two engines write the same configuration in two different forms; the
 * copy's cdk.tf.json goldens are rewritten to cdktn's form, and everything
 * else in them must match byte for byte.
 */
const KNOWN_DIFFERENCES = [
  { what: 'an empty list written on one line', from: /\[\n\s*\]/g, to: '[]' },
  { what: 'an empty map written on one line', from: /\{\n\s*\}/g, to: '{}' },
  { what: 'the AWS provider source written in full ("aws" is Terraform\'s short form of "hashicorp/aws")', from: /"source": "aws"/g, to: '"source": "hashicorp/aws"' },
];

const ROOT = path.resolve(__dirname, '..');
const SKIP = new Set(['.git', 'node_modules', 'dist', 'cdktf.out', 'coverage', '.gen']);

/** Rewrites `from 'cdktf'`, `import('cdktf')`, `require('@cdktf/provider-aws/lib/x')`, `import 'cdktf/lib/...'`; other strings stay. */
function rewriteImports(text) {
  return text.replace(
    /(\b(?:from|import|require)\s*\(?\s*)(['"])(cdktf|@cdktf\/provider-aws)((?:\/[^'"]*)?)\2/g,
    (_, lead, quote, name, rest) => `${lead}${quote}${PACKAGE_SWAP[name][0]}${rest}${quote}`,
  );
}

/** package.json of the copy: the engine packages swapped in every dependency group, the `cdktf` CLI by `cdktn`. */
function rewriteManifest(manifest) {
  for (const group of ['dependencies', 'devDependencies', 'peerDependencies']) {
    const deps = manifest[group];
    if (!deps) continue;
    for (const [from, [to, version]] of Object.entries(PACKAGE_SWAP)) {
      if (!(from in deps)) continue;
      delete deps[from];
      deps[to] = group === 'peerDependencies' ? (to === 'constructs' ? '>=10.6.0 <10.8.0' : `^${version}`) : version;
    }
    manifest[group] = Object.fromEntries(Object.entries(deps).sort(([a], [b]) => a.localeCompare(b)));
  }
  for (const [name, script] of Object.entries(manifest.scripts ?? {})) manifest.scripts[name] = script.replace(/\bcdktf synth\b/g, 'cdktn synth');
  return manifest;
}

function sourceFiles(dir, pattern = /\.(ts|js)$/) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(file, pattern);
    return pattern.test(e.name) ? [file] : [];
  });
}

function step(what, command, args, cwd) {
  process.stderr.write(`test:cdktn: ${what}\n`);
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  if (result.status !== 0) {
    throw new Error(`${what} failed (${command} ${args.join(' ')} exited ${result.status ?? result.signal})`);
  }
}

function main() {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-privatelink-cdktn-'));
  let ok = false;
  try {
    for (const entry of fs.readdirSync(ROOT)) {
      if (SKIP.has(entry) || entry.endsWith('.tgz')) continue;
      fs.cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true, filter: (f) => !/[/\\](node_modules|dist|cdktf\.out)$/.test(f) });
    }
    const manifestFile = path.join(copy, 'package.json');
    fs.writeFileSync(manifestFile, `${JSON.stringify(rewriteManifest(JSON.parse(fs.readFileSync(manifestFile, 'utf8'))), null, 2)}\n`);
    // The lock stays: npm keeps every other package at its locked version and resolves only the swapped ones.

    const rewritten = [];
    for (const file of ['main.ts', ...['lib', 'bin', 'generators', 'test', 'bench'].flatMap((d) => (fs.existsSync(path.join(copy, d)) ? sourceFiles(path.join(copy, d)) : []))]) {
      const abs = path.isAbsolute(file) ? file : path.join(copy, file);
      if (!fs.existsSync(abs)) continue;
      const text = fs.readFileSync(abs, 'utf8');
      const next = rewriteImports(text);
      if (next !== text) {
        fs.writeFileSync(abs, next);
        rewritten.push(path.relative(copy, abs));
      }
    }
    process.stderr.write(`test:cdktn: copy in ${copy}; ${rewritten.length} files import cdktn and @cdktn/provider-aws\n`);

    let goldens = 0;
    for (const file of sourceFiles(path.join(copy, 'test'), /(^|[/\\])cdk\.tf\.json$/)) {
      const text = fs.readFileSync(file, 'utf8');
      const next = KNOWN_DIFFERENCES.reduce((t, d) => t.replace(d.from, d.to), text);
      if (next !== text) fs.writeFileSync(file, next);
      goldens++;
    }
    process.stderr.write(`test:cdktn: ${goldens} cdk.tf.json goldens in cdktn's form: ${KNOWN_DIFFERENCES.map((d) => d.what).join('; ')}\n`);

    step(`npm install (cdktn ${ENGINE_VERSION}, @cdktn/provider-aws ${PROVIDER_VERSION}, cdktn-cli ${ENGINE_VERSION}, constructs ${CONSTRUCTS_VERSION})`, 'npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], copy);
    step('build', 'npm', ['run', '--silent', 'build'], copy);
    step('typecheck', 'npm', ['run', '--silent', 'typecheck'], copy);
    // One file at a time: the terraform-heavy files each plan many stacks, and side by side on two busy cores their hooks time out.
    // jest's own results decide, not only its exit code: a jest that ends early (node exiting with nothing left to
    // do, as in the globalTeardown's wait on an unreferenced child, fixed in test/support/shared-provider.ts) exits 0
    // after a failed test, without its results.
    const results = path.join(copy, 'jest-results.json');
    step(`jest ${TESTS.join(' ')}`, 'npx', ['jest', '--runInBand', '--json', `--outputFile=${results}`, ...TESTS, ...process.argv.slice(2)], copy);
    const outcome = fs.existsSync(results) ? JSON.parse(fs.readFileSync(results, 'utf8')) : undefined;
    if (!outcome || outcome.success !== true || outcome.numFailedTests !== 0 || outcome.numFailedTestSuites !== 0) {
      throw new Error(`jest failed on CDK Terrain: ${outcome ? `${outcome.numFailedTests} failed tests, ${outcome.numFailedTestSuites} failed files` : `no results in ${results}`}`);
    }
    ok = true;
  } finally {
    if (process.env.KEEP_CDKTN_COPY === '1' || !ok) {
      process.stderr.write(`test:cdktn: the copy is kept in ${copy}\n`);
    } else {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  }
  process.stderr.write('test:cdktn: passed on CDK Terrain\n');
}

if (require.main === module) {
  try {
    main();
  } catch (err) {
    process.stderr.write(`test:cdktn: ${err.message}\n`);
    process.exit(1);
  }
}

module.exports = { rewriteImports, rewriteManifest, KNOWN_DIFFERENCES, PACKAGE_SWAP, TESTS };
