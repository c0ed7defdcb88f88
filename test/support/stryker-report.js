#!/usr/bin/env node
/**
 * Writes TESTING.md from StrykerJS's JSON report (reports/mutation/mutation.json):
 * the mutation score of lib/ and generators/ (and of each file), and every
 * surviving mutant with its place and replacement. A survivor listed in
 * test/support/equivalent-mutants.json (by file, and `code`, text its line holds, or `line`; and
 * `replacement` when only one of the line's mutants is meant) is
 * shown with the reason it is equivalent (no test can kill it), or, with
 * `"kind": "killed by hand"`, the test that kills it when StrykerJS cannot
 * (a module-level constant, evaluated before a mutant is switched on).
 *
 * `npm run mutate` runs it after `stryker run`; run it alone to redo TESTING.md.
 */
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
const score = (ms) => {
  const detected = ms.filter((m) => DETECTED.has(m.status)).length;
  const valid = ms.filter((m) => DETECTED.has(m.status) || UNDETECTED.has(m.status)).length;
  return { detected, valid, pct: valid === 0 ? 100 : (100 * detected) / valid };
};
const fmt = (s) => (s.valid === 0 ? 'no mutant scored (each one ignored, static, or not compiling)' : `${s.pct.toFixed(1)}% (${s.detected} of ${s.valid})`);

/**
 * TESTING.md's text from a StrykerJS JSON report (`report`, its `files` keyed by path relative to the
 * repository), the explanations (`equivalent`), the notes appended at the end, and what to say of the run.
 * Returns the text and a one-line summary.
 */
function renderTestingMd({ report, equivalent = [], notes, code, scope, when }) {
  const files = Object.entries(report.files).map(([file, f]) => ({ file: path.relative(root, path.resolve(root, file)), source: f.source, mutants: f.mutants }));
  const all = files.flatMap((f) => f.mutants);
  const folder = (prefix) => files.filter((f) => f.file.startsWith(prefix)).flatMap((f) => f.mutants);
  const lines = [];
  lines.push('# Mutation testing', '');
  lines.push('Written by `npm run mutate` (StrykerJS over `lib/` and `generators/` with the fast tests, `jest.mutate.config.js`);');
  lines.push('do not edit by hand: explain an equivalent mutant in `test/support/equivalent-mutants.json` and run');
  lines.push('`node test/support/stryker-report.js`.', '');
  lines.push(`Run: ${when.toISOString().slice(0, 16).replace('T', ' ')} UTC, code ${code}; files mutated: ${files.length}${scope ? `; scope: ${scope}` : ''}.`, '');
  lines.push('| | Mutation score (killed or timed out, of killed + survived + no coverage) |', '|---|---|');
  lines.push(`| all mutated files | ${fmt(score(all))} |`);
  for (const prefix of ['lib/', 'generators/']) if (folder(prefix).length > 0) lines.push(`| \`${prefix}\` | ${fmt(score(folder(prefix)))} |`);
  for (const f of files.sort((a, b) => a.file.localeCompare(b.file))) lines.push(`| \`${f.file}\` | ${fmt(score(f.mutants))} |`);
  lines.push('');
  const counts = {};
  for (const m of all) counts[m.status] = (counts[m.status] ?? 0) + 1;
  lines.push(`By status: ${Object.entries(counts).sort().map(([k, v]) => `${k} ${v}`).join(', ')}.`, '');

  lines.push('## Surviving mutants', '');
  let explained = 0;
  let killedByHand = 0;
  const survivors = files.flatMap((f) => f.mutants.filter((m) => UNDETECTED.has(m.status)).map((m) => ({ f, m })));
  if (survivors.length === 0) lines.push('None.');
  for (const { f, m } of survivors) {
    const line = m.location.start.line;
    const original = f.source.split('\n')[line - 1].trim();
    // `code` keeps an explanation in place when lines move; `line` is for lines too alike to tell apart by their text.
    const at = (e) => (e.code !== undefined ? original.includes(e.code) : e.line === line);
    const why = equivalent.find((e) => e.file === f.file && at(e) && (e.replacement === undefined || e.replacement === m.replacement));
    if (why && why.kind !== 'killed by hand') explained++;
    if (why && why.kind === 'killed by hand') killedByHand++;
    lines.push(`- \`${f.file}:${line}\` ${m.mutatorName} (${m.status}): \`${original.slice(0, 140)}\` → \`${String(m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 140)}\``);
    if (why) lines.push(why.kind === 'killed by hand' ? `  - Killed by hand (out of StrykerJS's reach, counted as surviving above): ${why.reason}` : `  - Equivalent: ${why.reason}`);
  }
  lines.push('', `${survivors.length} survivors, ${explained} explained as equivalent, ${killedByHand} killed by hand.`, '');
  // What no run writes: how far the runs got and the hand-made audit before them (kept beside this script).
  if (notes !== undefined) lines.push(notes.trimEnd(), '');
  return { text: `${lines.join('\n').trimEnd()}\n`, summary: `TESTING.md: ${fmt(score(all))}, ${survivors.length} survivors` };
}

function main() {
  const reportFile = path.join(root, 'reports', 'mutation', 'mutation.json');
  const equivalentFile = path.join(__dirname, 'equivalent-mutants.json');
  const notesFile = path.join(__dirname, 'mutation-notes.md');
  // The code the run mutated: STRYKER_CODE when the report is written elsewhere, else this checkout's HEAD.
  const code =
    process.env.STRYKER_CODE ||
    (() => {
      try {
        return require('child_process').execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
      } catch {
        return 'unknown';
      }
    })();
  const { text, summary } = renderTestingMd({
    report: JSON.parse(fs.readFileSync(reportFile, 'utf8')),
    equivalent: fs.existsSync(equivalentFile) ? JSON.parse(fs.readFileSync(equivalentFile, 'utf8')) : [],
    notes: fs.existsSync(notesFile) ? fs.readFileSync(notesFile, 'utf8') : undefined,
    code,
    scope: process.env.STRYKER_SCOPE,
    when: new Date(fs.statSync(reportFile).mtime),
  });
  fs.writeFileSync(path.join(root, 'TESTING.md'), text);
  process.stdout.write(`${summary}\n`);
}

if (require.main === module) main();

module.exports = { renderTestingMd };
