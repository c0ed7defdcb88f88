#!/usr/bin/env node
/**
 * Writes TESTING.md from StrykerJS's JSON reports: the mutation score of lib/ and generators/ (and of
 * each file), and every surviving mutant with its place and replacement. A survivor listed in
 * test/support/equivalent-mutants.json (by file, and `code`, text its line holds, or `line`; and
 * `replacement` when only one of the line's mutants is meant) is shown with the reason it is
 * equivalent (no test can kill it), or, with `"kind": "killed by hand"`, the test that kills it when
 * StrykerJS cannot.
 *
 * A run over the whole of lib/ and generators/ takes longer than a working session on two cores, so
 * runs are scoped (`--mutate`) and each one is kept: main() files reports/mutation/mutation.json under
 * test/support/mutation-results/ with the code it ran on (STRYKER_CODE, else HEAD) and its scope
 * (STRYKER_SCOPE), then shows each file from the newest run that mutated it, says which files changed
 * since that run, and names the files no run has mutated yet. The scores are over the files measured.
 * What is filed is committed (reports/ is not, and a new checkout has none of it): of each file the run
 * mutated, the hash of its text, its mutants counted by status, and each undetected mutant with the
 * text of its line (keptFile), not StrykerJS's whole report.
 * A run stopped before its end (reports/mutation/checkpoint.json, test/support/stryker-checkpoint.mjs)
 * is filed with the files it finished.
 *
 * `npm run mutate` runs it after `stryker run`; run it alone to redo TESTING.md.
 */
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
const FOLDERS = ['lib/', 'generators/'];

/**
 * `Killed or Timeout` is the count of a file whose run's report was lost before its results were kept by
 * file and status, rebuilt from the TESTING.md of its time (`reconstructed` on the run), which gave only
 * the two together.
 */
const DETECTED = new Set(['Killed', 'Timeout', 'Killed or Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
/** The score of files' mutants, given as counts by status (keptFile's `statuses`). */
const score = (counts) => {
  let detected = 0;
  let valid = 0;
  for (const statuses of counts) {
    for (const [status, n] of Object.entries(statuses)) {
      if (DETECTED.has(status)) detected += n;
      if (DETECTED.has(status) || UNDETECTED.has(status)) valid += n;
    }
  }
  return { detected, valid, pct: valid === 0 ? 100 : (100 * detected) / valid };
};
/**
 * The kinds of explanation of test/support/equivalent-mutants.json: none (an equivalent mutant), `killed by hand`
 * (a test kills it where StrykerJS cannot, such as a module constant), `killed since the run` (a test added
 * after the file's run kills it; the file's next run counts it as killed), `killed by a test the run left out` (a test
 * the run left out of its scope, MUTATE_TESTS, kills it: made again by hand on the code the run mutated), `gone
 * since the run` (the code it mutated was removed or moved since).
 */
const EXPLAINED = {
  equivalent: 'Equivalent',
  'killed by hand': "Killed by hand (out of StrykerJS's reach, counted as surviving above)",
  'killed since the run': 'Killed by a test added since the run (counted as surviving above until the file is run again)',
  'killed by a test the run left out': "Killed by a test outside the run's scope (made again by hand on the code the run mutated; counted as surviving above)",
  'gone since the run': 'Gone since the run (the code it mutated was removed or moved; counted as surviving above until the file is run again)',
};
const sha256 = (text) => require('crypto').createHash('sha256').update(text).digest('hex');

/**
 * A file's result as kept: the hash of the text the run mutated, its mutants counted by status, and each
 * undetected mutant (survived, no coverage) with its place, mutator, replacement and the text of its line.
 * Given a file of a StrykerJS report (`source` and `mutants`); a result already kept is returned as is.
 */
function keptFile(f) {
  if (f.mutants === undefined) return f;
  const lines = f.source.split('\n');
  const counts = {};
  for (const m of f.mutants) counts[m.status] = (counts[m.status] ?? 0) + 1;
  const statuses = Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
  const undetected = f.mutants
    .filter((m) => UNDETECTED.has(m.status))
    .map((m) => ({ line: m.location.start.line, column: m.location.start.column, mutatorName: m.mutatorName, status: m.status, replacement: m.replacement ?? '', text: lines[m.location.start.line - 1] }));
  return { sha256: sha256(f.source), statuses, undetected };
}
const fmt = (s) => (s.valid === 0 ? 'no mutant scored (each one ignored, static, or not compiling)' : `${s.pct.toFixed(1)}% (${s.detected} of ${s.valid})`);
const minute = (when) => `${when.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const normalize = (file) => path.relative(root, path.resolve(root, file)).split(path.sep).join('/');

/**
 * Whether a file is one a run mutated, by the run's `mutate` patterns (`report.config.mutate`: paths and
 * globs with `*` and `**`, `!` to leave out). An incremental run's report also carries the earlier results
 * of the files it did not mutate; those stay with the run that made them. A file mutated only in line
 * ranges (`file:1-10`) is not a whole file's result. No patterns: every file (a report without them).
 */
function mutatedBy(patterns) {
  if (!Array.isArray(patterns)) return () => true;
  const regex = (glob) =>
    new RegExp(
      `^${glob
        .split(/(\*\*\/|\*\*|\*|\?)/)
        .map((part) => ({ '**/': '(?:.*/)?', '**': '.*', '*': '[^/]*', '?': '[^/]' })[part] ?? part.replace(/[.+^${}()|[\]\\]/g, '\\$&'))
        .join('')}$`,
    );
  const include = patterns.filter((p) => !p.startsWith('!') && !/:\d+(:\d+)?-\d+(:\d+)?$/.test(p)).map((p) => regex(normalize(p)));
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => regex(normalize(p.slice(1))));
  return (file) => include.some((r) => r.test(file)) && !exclude.some((r) => r.test(file));
}

/**
 * Each file of the runs (`{ report, code, when, scope }`, a StrykerJS JSON report and what to say of
 * the run) from the newest run that mutated it.
 */
function combineRuns(runs) {
  const newestFirst = [...runs].sort((a, b) => b.when.getTime() - a.when.getTime());
  const files = new Map();
  for (const run of newestFirst) {
    const mutated = mutatedBy(run.report.config?.mutate);
    for (const [name, f] of Object.entries(run.report.files)) {
      const file = normalize(name);
      if (!files.has(file) && mutated(file)) files.set(file, { file, run, ...keptFile(f) });
    }
  }
  return files;
}

/**
 * TESTING.md's text from the runs, the files in scope (`inScope`: each file of lib/ and generators/ with its
 * text now), the explanations (`equivalent`) and the notes appended at the end. Returns the text and a
 * one-line summary.
 */
function renderTestingMd({ runs, inScope, equivalent = [], notes }) {
  const combined = combineRuns(runs);
  const files = [...combined.values()].filter((f) => inScope.has(f.file)).sort((a, b) => a.file.localeCompare(b.file));
  const gone = [...combined.keys()].filter((file) => !inScope.has(file)).sort();
  // A file a run that ended named by its path (not a glob, which may have been written before the file) but left out of its
  // report has nothing StrykerJS mutates (export lists).
  const emptyIn = (file) => runs.find((run) => !run.stopped && Array.isArray(run.report.config?.mutate) && run.report.config.mutate.some((p) => normalize(p) === file));
  const unmeasuredOrEmpty = [...inScope.keys()].filter((file) => !combined.has(file)).sort();
  const empty = unmeasuredOrEmpty.filter((file) => emptyIn(file) !== undefined);
  const unmeasured = unmeasuredOrEmpty.filter((file) => emptyIn(file) === undefined);
  const changed = new Set(files.filter((f) => sha256(inScope.get(f.file)) !== f.sha256).map((f) => f.file));
  const used = runs.filter((run) => files.some((f) => f.run === run)).sort((a, b) => b.when.getTime() - a.when.getTime());
  const label = (run) => `${minute(run.when)}, code ${run.code}`;

  const all = files.map((f) => f.statuses);
  const folder = (prefix) => files.filter((f) => f.file.startsWith(prefix));
  const lines = [];
  lines.push('# Mutation testing', '');
  lines.push('Written by `npm run mutate` (StrykerJS over `lib/` and `generators/` with the fast tests, `jest.mutate.config.js`);');
  lines.push('do not edit by hand: explain an equivalent mutant in `test/support/equivalent-mutants.json` and run');
  lines.push('`node test/support/stryker-report.js`.', '');
  lines.push(`Files mutated: ${files.length} of the ${inScope.size} in \`lib/\` and \`generators/\`, each from the newest run that mutated it${empty.length > 0 ? `; ${empty.length} with nothing to mutate` : ''}${unmeasured.length > 0 ? `; ${unmeasured.length} not yet mutated (listed below)` : ''}.`);
  lines.push('The scores are over the files mutated.', '');
  lines.push('Runs:', '');
  if (used.length === 0) lines.push('- none yet.');
  for (const run of used) {
    const n = files.filter((f) => f.run === run).length;
    const stopped = run.stopped ? `; stopped before its end (${run.stopped.decided} of ${run.stopped.planned} mutants decided), the files it finished` : '';
    const rebuilt = run.reconstructed ? `; ${run.reconstructed}` : '';
    lines.push(`- ${label(run)}: ${n} file${n === 1 ? '' : 's'}${stopped}${run.scope ? `; scope: ${run.scope}` : ''}${rebuilt}.`);
  }
  lines.push('');
  lines.push('| | Mutation score (killed or timed out, of killed + survived + no coverage) | Run |', '|---|---|---|');
  lines.push(`| all mutated files | ${fmt(score(all))} | |`);
  for (const prefix of FOLDERS) {
    const inFolder = [...inScope.keys()].filter((file) => file.startsWith(prefix)).length;
    if (folder(prefix).length > 0) lines.push(`| \`${prefix}\` (${folder(prefix).length} of ${inFolder} files) | ${fmt(score(folder(prefix).map((f) => f.statuses)))} | |`);
  }
  for (const f of files) lines.push(`| \`${f.file}\` | ${fmt(score([f.statuses]))} | ${label(f.run)}${changed.has(f.file) ? '; **changed since**' : ''} |`);
  lines.push('');
  const counts = {};
  for (const statuses of all) for (const [status, n] of Object.entries(statuses)) counts[status] = (counts[status] ?? 0) + n;
  const together = counts['Killed or Timeout'] === undefined ? '' : ' Killed or Timeout: files rebuilt from an earlier TESTING.md, which gave the two together.';
  lines.push(`By status: ${Object.entries(counts).sort().map(([k, v]) => `${k} ${v}`).join(', ')}.${together}`, '');
  if (empty.length > 0) lines.push(`Nothing to mutate (a run named them and StrykerJS found no mutant in them): ${empty.map((file) => `\`${file}\` (${label(emptyIn(file))})`).join(', ')}.`, '');
  if (changed.size > 0) lines.push(`Changed since their run (their scores and survivors are of the code that run mutated): ${[...changed].map((file) => `\`${file}\``).join(', ')}.`, '');

  const unknown = equivalent.find((e) => !((e.kind ?? 'equivalent') in EXPLAINED));
  if (unknown) throw new Error(`equivalent-mutants.json: the entry for ${unknown.file} (${unknown.code ?? `line ${unknown.line}`}) has kind ${JSON.stringify(unknown.kind)}; use one of: none (equivalent), ${Object.keys(EXPLAINED).slice(1).map((k) => JSON.stringify(k)).join(', ')}`);
  lines.push('## Surviving mutants', '');
  let explained = 0;
  let killedByHand = 0;
  let killedSince = 0;
  let killedOutside = 0;
  const survivors = files.flatMap((f) => f.undetected.map((m) => ({ f, m })));
  const matched = new Set();
  if (survivors.length === 0) lines.push('None.');
  for (const { f, m } of survivors) {
    const line = m.line;
    const original = m.text.trim();
    // `code` keeps an explanation in place when lines move; `line` is for lines too alike to tell apart by their text.
    const at = (e) => (e.code !== undefined ? original.includes(e.code) : e.line === line);
    const why = equivalent.find((e) => e.file === f.file && at(e) && (e.replacement === undefined || e.replacement === m.replacement));
    if (why) matched.add(why);
    if (why && why.kind === undefined) explained++;
    if (why && why.kind === 'killed by hand') killedByHand++;
    if (why && why.kind === 'killed by a test the run left out') killedOutside++;
    if (why && (why.kind === 'killed since the run' || why.kind === 'gone since the run')) killedSince++;
    lines.push(`- \`${f.file}:${line}\` ${m.mutatorName} (${m.status}): \`${original.slice(0, 140)}\` → \`${String(m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 140)}\``);
    if (why) lines.push(`  - ${EXPLAINED[why.kind ?? 'equivalent']}: ${why.reason}`);
  }
  lines.push('', `${survivors.length} survivors, ${explained} explained as equivalent, ${killedByHand} killed by hand, ${killedOutside} killed by tests their run left out, ${killedSince} killed by tests added or gone since their run.`, '');
  // An explanation of a measured file that no survivor of its newest run takes: its mutant is killed now, or the code or line it names moved (fix or remove it).
  const measuredFiles = new Set(files.map((f) => f.file));
  const unmatched = equivalent.filter((e) => measuredFiles.has(e.file) && !matched.has(e));
  if (unmatched.length > 0) {
    lines.push('## Explanations that match no survivor', '', 'In test/support/equivalent-mutants.json, for a file measured above: the mutant is killed by its newest run, or the code or line the entry names has moved. Remove the entry, or point it at its code again.', '');
    for (const e of unmatched) lines.push(`- \`${e.file}\` ${e.code !== undefined ? `\`${e.code.slice(0, 120)}\`` : `line ${e.line}`}${e.replacement !== undefined ? ` → \`${String(e.replacement).slice(0, 60)}\`` : ''}`);
    lines.push('');
  }
  if (unmeasured.length > 0) {
    lines.push('## Not yet mutated', '');
    for (const file of unmeasured) lines.push(`- \`${file}\` (${inScope.get(file).split('\n').length} lines)`);
    lines.push('');
  }
  if (gone.length > 0) lines.push(`Runs also mutated files no longer in \`lib/\` or \`generators/\` (left out): ${gone.map((file) => `\`${file}\``).join(', ')}.`, '');
  // What no run writes: how far the runs got and the hand-made audit before them (kept beside this script).
  if (notes !== undefined) lines.push(notes.trimEnd(), '');
  const measured = `${files.length} of ${inScope.size} files`;
  return { text: `${lines.join('\n').trimEnd()}\n`, summary: `TESTING.md: ${fmt(score(all))} over ${measured}, ${survivors.length} survivors` };
}

/** The .ts files of lib/ and generators/ (the mutate globs of stryker.config.json), each with its text. */
function filesInScope(base = root) {
  const found = new Map();
  const walk = (dir) => {
    for (const entry of fs.readdirSync(path.join(base, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.isFile() && entry.name.endsWith('.ts')) found.set(rel, fs.readFileSync(path.join(base, rel), 'utf8'));
    }
  };
  for (const prefix of FOLDERS) if (fs.existsSync(path.join(base, prefix))) walk(prefix.slice(0, -1));
  return found;
}

/**
 * Files reports/mutation/mutation.json (once: a run already filed at the report's time is not filed again)
 * and, when the last run stopped before its end, the files its checkpoint (test/support/stryker-checkpoint.mjs)
 * shows it finished; returns every filed run. A run is filed as {code, when, scope, report: {config:
 * {mutate}, files}} (a stopped one with `stopped: {decided, planned}`), with each file it mutated as
 * keptFile keeps it (the earlier results an incremental report carries are left out), written beside and
 * renamed.
 */
function fileRun({ reportFile, runsDir, code, scope, checkpointFile }) {
  fs.mkdirSync(runsDir, { recursive: true });
  const file = (source, make) => {
    if (!fs.existsSync(source)) return;
    const when = new Date(fs.statSync(source).mtime);
    const stamp = when.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    if (fs.readdirSync(runsDir).some((name) => name.startsWith(`${stamp}-`))) return;
    const run = make(JSON.parse(fs.readFileSync(source, 'utf8')), when);
    if (run === undefined) return;
    const mutated = mutatedBy(run.report.config?.mutate);
    const files = Object.entries(run.report.files)
      .filter(([name]) => mutated(normalize(name)))
      .map(([name, f]) => [normalize(name), keptFile(f)])
      .sort(([a], [b]) => a.localeCompare(b));
    const config = Array.isArray(run.report.config?.mutate) ? { config: { mutate: run.report.config.mutate } } : {};
    const kept = { ...run, report: { ...config, files: Object.fromEntries(files) } };
    const target = path.join(runsDir, `${stamp}-${code}.json`);
    fs.writeFileSync(`${target}.tmp`, `${JSON.stringify(kept, null, 1)}\n`);
    fs.renameSync(`${target}.tmp`, target);
  };
  file(reportFile, (report, when) => ({ code, when: when.toISOString(), scope, report }));
  if (checkpointFile !== undefined) {
    file(checkpointFile, (checkpoint, when) => {
      const { decided, planned } = checkpoint.checkpoint ?? {};
      // A run that ended wrote its report: the checkpoint adds nothing.
      if (decided === undefined || decided >= planned) return undefined;
      // Without the run's mutate patterns, its own files cannot be told from the earlier results it carries.
      if (!Array.isArray(checkpoint.config?.mutate)) return undefined;
      const mutated = mutatedBy(checkpoint.config.mutate);
      const finished = Object.entries(checkpoint.files).filter(([name, f]) => mutated(normalize(name)) && f.planned > 0 && f.mutants.length === f.planned);
      if (finished.length === 0) return undefined;
      return { code, when: when.toISOString(), scope, stopped: { decided, planned }, report: { config: checkpoint.config, files: Object.fromEntries(finished) } };
    });
  }
  return fs
    .readdirSync(runsDir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => {
      const run = JSON.parse(fs.readFileSync(path.join(runsDir, name), 'utf8'));
      return { ...run, when: new Date(run.when) };
    });
}

function main() {
  const equivalentFile = path.join(__dirname, 'equivalent-mutants.json');
  const notesFile = path.join(__dirname, 'mutation-notes.md');
  // The code the run mutated: STRYKER_CODE when the report is filed later, else this checkout's HEAD.
  const code =
    process.env.STRYKER_CODE ||
    (() => {
      try {
        return require('child_process').execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
      } catch {
        return 'unknown';
      }
    })();
  const runs = fileRun({
    reportFile: path.join(root, 'reports', 'mutation', 'mutation.json'),
    runsDir: path.join(__dirname, 'mutation-results'),
    checkpointFile: path.join(root, 'reports', 'mutation', 'checkpoint.json'),
    code,
    scope: process.env.STRYKER_SCOPE,
  });
  const { text, summary } = renderTestingMd({
    runs,
    inScope: filesInScope(),
    equivalent: fs.existsSync(equivalentFile) ? JSON.parse(fs.readFileSync(equivalentFile, 'utf8')) : [],
    notes: fs.existsSync(notesFile) ? fs.readFileSync(notesFile, 'utf8') : undefined,
  });
  fs.writeFileSync(path.join(root, 'TESTING.md'), text);
  process.stdout.write(`${summary}\n`);
}

if (require.main === module) main();

module.exports = { renderTestingMd, combineRuns, filesInScope, fileRun, mutatedBy, keptFile };
