/**
 * test/support/stryker-report.js: TESTING.md from StrykerJS's reports. The scores (killed and timed out, of
 * killed, survived and no coverage; compile errors, runtime errors and ignored mutants not counted), per
 * folder and file, and each survivor with its explanation, matched by the text of its line or its number.
 * Scoped runs are combined: each file from the newest run that mutated it, files changed since their run
 * marked, files no run mutated listed.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

type Run = { report: unknown; code: string; when: Date; scope?: string; stopped?: { decided: number; planned: number }; reconstructed?: string };
const { renderTestingMd, fileRun, filesInScope, mutatedBy, keptFile } = require('./support/stryker-report') as {
  keptFile: (file: unknown) => unknown;
  mutatedBy: (patterns: unknown) => (file: string) => boolean;
  renderTestingMd: (options: { runs: Run[]; inScope: Map<string, string>; equivalent?: unknown[]; notes?: string }) => { text: string; summary: string };
  fileRun: (options: { reportFile: string; runsDir: string; code: string; scope?: string; checkpointFile?: string }) => Run[];
  filesInScope: (base: string) => Map<string, string>;
};

const mutant = (line: number, status: string, replacement = '""', mutatorName = 'StringLiteral') => ({ location: { start: { line, column: 1 } }, status, replacement, mutatorName });

const A = "const a = 'x';\nconst b = 'y';\nconst c = 'z';\n";
const G = 'export const g = 1;\n';
const report = {
  files: {
    'lib/a.ts': {
      source: A,
      mutants: [mutant(1, 'Killed'), mutant(1, 'Timeout'), mutant(2, 'Survived'), mutant(2, 'Survived', 'true', 'BooleanLiteral'), mutant(3, 'NoCoverage'), mutant(3, 'CompileError')],
    },
    'generators/g.ts': {
      source: G,
      mutants: [mutant(1, 'Killed'), mutant(1, 'Ignored'), mutant(1, 'RuntimeError')],
    },
  },
};

test('scores each folder and file, lists every survivor with its explanation, and counts them', () => {
  const { text, summary } = renderTestingMd({
    runs: [{ report, code: 'abc1234', scope: 'two files', when: new Date('2026-12-06T15:48:30Z') }],
    inScope: new Map([
      ['lib/a.ts', A],
      ['generators/g.ts', G],
    ]),
    equivalent: [
      // By the text of the line, for one replacement only.
      { file: 'lib/a.ts', code: "b = 'y'", replacement: '""', reason: 'b is never read.' },
      // By line number, any replacement.
      { file: 'lib/a.ts', line: 3, kind: 'killed by hand', reason: 'test X fails with it.' },
      // Killed by a test written after the run.
      { file: 'lib/a.ts', code: "b = 'y'", replacement: 'true', kind: 'killed since the run', reason: 'test Y fails with it.' },
      // Another file's line 2: explains nothing here.
      { file: 'generators/g.ts', line: 2, reason: 'not this one.' },
    ],
    notes: '## Notes\n\nby hand\n\n',
  });
  expect(summary).toBe('TESTING.md: 50.0% (3 of 6) over 2 of 2 files, 3 survivors');
  expect(text).toContain(
    [
      'Files mutated: 2 of the 2 in `lib/` and `generators/`, each from the newest run that mutated it.',
      'The scores are over the files mutated.',
      '',
      'Runs:',
      '',
      '- 2026-12-06 15:48 UTC, code abc1234: 2 files; scope: two files.',
      '',
      '| | Mutation score (killed or timed out, of killed + survived + no coverage) | Run |',
      '|---|---|---|',
      '| all mutated files | 50.0% (3 of 6) | |',
      '| `lib/` (1 of 1 files) | 40.0% (2 of 5) | |',
      '| `generators/` (1 of 1 files) | 100.0% (1 of 1) | |',
      '| `generators/g.ts` | 100.0% (1 of 1) | 2026-12-06 15:48 UTC, code abc1234 |',
      '| `lib/a.ts` | 40.0% (2 of 5) | 2026-12-06 15:48 UTC, code abc1234 |',
      '',
      'By status: CompileError 1, Ignored 1, Killed 2, NoCoverage 1, RuntimeError 1, Survived 2, Timeout 1.',
      '',
      '## Surviving mutants',
      '',
    ].join('\n'),
  );
  expect(text).toContain(
    [
      "- `lib/a.ts:2` StringLiteral (Survived): `const b = 'y';` → `\"\"`",
      '  - Equivalent: b is never read.',
      "- `lib/a.ts:2` BooleanLiteral (Survived): `const b = 'y';` → `true`",
      '  - Killed by a test added since the run (counted as surviving above until the file is run again): test Y fails with it.',
      "- `lib/a.ts:3` StringLiteral (NoCoverage): `const c = 'z';` → `\"\"`",
      "  - Killed by hand (out of StrykerJS's reach, counted as surviving above): test X fails with it.",
      '',
      '3 survivors, 1 explained as equivalent, 1 killed by hand, 0 killed by tests their run left out, 1 killed by tests added or gone since their run.',
      '',
      // The entry that explains nothing is listed, for its author to remove or point at its code again.
      '## Explanations that match no survivor',
      '',
      'In test/support/equivalent-mutants.json, for a file measured above: the mutant is killed by its newest run, or the code or line the entry names has moved. Remove the entry, or point it at its code again.',
      '',
      '- `generators/g.ts` line 2',
      '',
      '## Notes',
      '',
      'by hand',
      '',
    ].join('\n'),
  );
  expect(text.endsWith('by hand\n')).toBe(true);
  expect(text).not.toContain('changed since');
  expect(text).not.toContain('Not yet mutated');
});

test("a survivor killed by a test the run left out of its scope says so, and is counted on its own", () => {
  const { text } = renderTestingMd({
    runs: [{ report: { files: { 'lib/a.ts': { source: A, mutants: [mutant(3, 'Survived')] } } }, code: 'c', scope: 'tests: a (MUTATE_TESTS)', when: new Date(0) }],
    inScope: new Map([['lib/a.ts', A]]),
    equivalent: [{ file: 'lib/a.ts', code: "c = 'z'", kind: 'killed by a test the run left out', reason: 'test/b.test.ts fails with it.' }],
  });
  expect(text).toContain(
    "- `lib/a.ts:3` StringLiteral (Survived): `const c = 'z';` → `\"\"`\n  - Killed by a test outside the run's scope (made again by hand on the code the run mutated; counted as surviving above): test/b.test.ts fails with it.\n\n1 survivors, 0 explained as equivalent, 0 killed by hand, 1 killed by tests their run left out, 0 killed by tests added or gone since their run.\n",
  );
});

test('a survivor whose code is gone since the run says so, and is counted with those killed since', () => {
  const { text } = renderTestingMd({
    runs: [{ report: { files: { 'lib/a.ts': { source: A, mutants: [mutant(3, 'Survived')] } } }, code: 'c', when: new Date(0) }],
    inScope: new Map([['lib/a.ts', A]]),
    equivalent: [{ file: 'lib/a.ts', code: "c = 'z'", kind: 'gone since the run', reason: 'c moved to d.ts.' }],
  });
  expect(text).toContain(
    "- `lib/a.ts:3` StringLiteral (Survived): `const c = 'z';` → `\"\"`\n  - Gone since the run (the code it mutated was removed or moved; counted as surviving above until the file is run again): c moved to d.ts.\n\n1 survivors, 0 explained as equivalent, 0 killed by hand, 0 killed by tests their run left out, 1 killed by tests added or gone since their run.\n",
  );
});

test("an explanation no survivor takes is listed (its mutant killed, or its line moved), and only for a file a run measured", () => {
  const { text } = renderTestingMd({
    runs: [{ report: { files: { 'lib/a.ts': { source: A, mutants: [mutant(3, 'Survived')] } } }, code: 'c', when: new Date(0) }],
    inScope: new Map([
      ['lib/a.ts', A],
      ['lib/b.ts', A],
    ]),
    equivalent: [
      { file: 'lib/a.ts', code: "c = 'z'", reason: 'used.' },
      { file: 'lib/a.ts', line: 2, reason: 'a line with no survivor.' },
      { file: 'lib/a.ts', code: "c = 'z'", replacement: 'true', reason: 'another replacement.' },
      { file: 'lib/b.ts', code: 'x', reason: 'a file no run measured yet.' },
    ],
  });
  expect(text).toContain("## Explanations that match no survivor\n\nIn test/support/equivalent-mutants.json, for a file measured above: the mutant is killed by its newest run, or the code or line the entry names has moved. Remove the entry, or point it at its code again.\n\n- `lib/a.ts` line 2\n- `lib/a.ts` `c = 'z'` → `true`\n");
  expect(text).not.toContain('a file no run measured');
  expect(text).not.toContain('`lib/b.ts` `x`');
  const all = renderTestingMd({
    runs: [{ report: { files: { 'lib/a.ts': { source: A, mutants: [mutant(3, 'Survived')] } } }, code: 'c', when: new Date(0) }],
    inScope: new Map([['lib/a.ts', A]]),
    equivalent: [{ file: 'lib/a.ts', code: "c = 'z'", reason: 'used.' }],
  });
  expect(all.text).not.toContain('match no survivor');
});

test('an explanation of an unknown kind is refused, naming its entry and the kinds there are', () => {
  expect(() =>
    renderTestingMd({ runs: [], inScope: new Map([['lib/a.ts', A]]), equivalent: [{ file: 'lib/a.ts', code: "c = 'z'", kind: 'killed later', reason: 'r' }] }),
  ).toThrow(new Error('equivalent-mutants.json: the entry for lib/a.ts (c = \'z\') has kind "killed later"; use one of: none (equivalent), "killed by hand", "killed since the run", "killed by a test the run left out", "gone since the run"'));
});

test('a file a run that ended named by its path but left out of its report has nothing to mutate; a stopped run, or a glob, says nothing of a file it left out', () => {
  const ended = { code: 'e1', when: new Date(0), report: { config: { mutate: ['lib/a.ts', 'lib/empty.ts'] }, files: { 'lib/a.ts': { source: A, mutants: [mutant(1, 'Killed')] } } } };
  const stopped = { code: 's2', when: new Date(0), stopped: { decided: 1, planned: 9 }, report: { config: { mutate: ['lib/unfinished.ts'] }, files: {} } };
  // A glob may have been written before the file was: it says nothing of a file its report leaves out.
  const glob = { code: 'g3', when: new Date(0), report: { config: { mutate: ['lib/**/*.ts'] }, files: {} } };
  const { text } = renderTestingMd({ runs: [ended, stopped, glob], inScope: new Map([['lib/a.ts', A], ['lib/empty.ts', 'export * from "./a";\n'], ['lib/unfinished.ts', 'u\n']]) });
  expect(text).toContain('Files mutated: 1 of the 3 in `lib/` and `generators/`, each from the newest run that mutated it; 1 with nothing to mutate; 1 not yet mutated (listed below).');
  expect(text).toContain('Nothing to mutate (a run named them and StrykerJS found no mutant in them): `lib/empty.ts` (1970-01-01 00:00 UTC, code e1).\n');
  expect(text).toContain('## Not yet mutated\n\n- `lib/unfinished.ts` (2 lines)\n');
});

test('a file with no scored mutant says so; no survivor is "None."; a run without scope says none', () => {
  const { text, summary } = renderTestingMd({
    runs: [{ report: { files: { 'lib/k.ts': { source: 'x\n', mutants: [mutant(1, 'Killed')] }, 'lib/s.ts': { source: 'y\n', mutants: [mutant(1, 'CompileError')] } } }, code: 'c', when: new Date(0) }],
    inScope: new Map([
      ['lib/k.ts', 'x\n'],
      ['lib/s.ts', 'y\n'],
    ]),
  });
  expect(summary).toBe('TESTING.md: 100.0% (1 of 1) over 2 of 2 files, 0 survivors');
  expect(text).toContain('| `lib/s.ts` | no mutant scored (each one ignored, static, or not compiling) | 1970-01-01 00:00 UTC, code c |');
  expect(text).toContain('- 1970-01-01 00:00 UTC, code c: 2 files.\n');
  expect(text).toContain('## Surviving mutants\n\nNone.\n\n0 survivors, 0 explained as equivalent, 0 killed by hand, 0 killed by tests their run left out, 0 killed by tests added or gone since their run.\n');
  expect(text).not.toContain('scope:');
});

test('scoped runs combined: each file from the newest run that mutated it, changed files marked, the rest listed as not yet mutated', () => {
  const older = {
    code: 'old1111',
    scope: 'a and g',
    when: new Date('2026-12-05T10:00:00Z'),
    report: {
      files: {
        'lib/a.ts': { source: A, mutants: [mutant(1, 'Survived'), mutant(2, 'Survived')] },
        'generators/g.ts': { source: G, mutants: [mutant(1, 'Survived')] },
        'lib/removed.ts': { source: 'r\n', mutants: [mutant(1, 'Killed')] },
      },
    },
  };
  const newer = {
    code: 'new2222',
    when: new Date('2026-12-06T11:30:00Z'),
    // Listed by absolute path, as a report may be.
    report: { files: { [path.resolve(__dirname, '..', 'lib/a.ts')]: { source: A, mutants: [mutant(1, 'Killed'), mutant(3, 'Survived')] } } },
  };
  const unused = { code: 'gone333', when: new Date('2026-12-04T09:00:00Z'), report: { files: { 'lib/removed.ts': { source: 'r\n', mutants: [] } } } };
  const { text, summary } = renderTestingMd({
    // Order given does not matter: the newest run wins.
    runs: [newer, unused, older],
    inScope: new Map([
      ['lib/a.ts', A],
      ['generators/g.ts', 'export const g = 2;\n'],
      ['lib/new.ts', 'one\ntwo\n'],
      ['generators/h.ts', 'h\n'],
    ]),
  });
  expect(summary).toBe('TESTING.md: 33.3% (1 of 3) over 2 of 4 files, 2 survivors');
  expect(text).toContain(
    [
      'Files mutated: 2 of the 4 in `lib/` and `generators/`, each from the newest run that mutated it; 2 not yet mutated (listed below).',
      'The scores are over the files mutated.',
      '',
      'Runs:',
      '',
      '- 2026-12-06 11:30 UTC, code new2222: 1 file.',
      '- 2026-12-05 10:00 UTC, code old1111: 1 file; scope: a and g.',
      '',
      '| | Mutation score (killed or timed out, of killed + survived + no coverage) | Run |',
      '|---|---|---|',
      '| all mutated files | 33.3% (1 of 3) | |',
      '| `lib/` (1 of 2 files) | 50.0% (1 of 2) | |',
      '| `generators/` (1 of 2 files) | 0.0% (0 of 1) | |',
      '| `generators/g.ts` | 0.0% (0 of 1) | 2026-12-05 10:00 UTC, code old1111; **changed since** |',
      '| `lib/a.ts` | 50.0% (1 of 2) | 2026-12-06 11:30 UTC, code new2222 |',
      '',
      'By status: Killed 1, Survived 2.',
      '',
      'Changed since their run (their scores and survivors are of the code that run mutated): `generators/g.ts`.',
      '',
      '## Surviving mutants',
      '',
      '- `generators/g.ts:1` StringLiteral (Survived): `export const g = 1;` → `""`',
      "- `lib/a.ts:3` StringLiteral (Survived): `const c = 'z';` → `\"\"`",
      '',
      '2 survivors, 0 explained as equivalent, 0 killed by hand, 0 killed by tests their run left out, 0 killed by tests added or gone since their run.',
      '',
      '## Not yet mutated',
      '',
      '- `generators/h.ts` (2 lines)',
      '- `lib/new.ts` (3 lines)',
      '',
      'Runs also mutated files no longer in `lib/` or `generators/` (left out): `lib/removed.ts`.',
      '',
    ].join('\n'),
  );
  expect(text).not.toContain('gone333');
});

test("a run's files are those its mutate patterns name: the earlier results an incremental report carries stay with the run that made them", () => {
  const older = { code: 'old1111', when: new Date('2026-12-05T10:00:00Z'), report: { config: { mutate: ['lib/**/*.ts', 'generators/**/*.ts'] }, files: { 'lib/a.ts': { source: A, mutants: [mutant(1, 'Killed')] }, 'generators/g.ts': { source: G, mutants: [mutant(1, 'Survived')] } } } };
  // Scoped to lib/a.ts; g.ts's results are old1111's, carried along.
  const newer = { code: 'new2222', when: new Date('2026-12-06T11:30:00Z'), report: { config: { mutate: ['lib/a.ts'] }, files: { 'lib/a.ts': { source: A, mutants: [mutant(2, 'Survived')] }, 'generators/g.ts': { source: G, mutants: [mutant(1, 'Survived')] } } } };
  const { text } = renderTestingMd({ runs: [older, newer], inScope: new Map([['lib/a.ts', A], ['generators/g.ts', G]]) });
  expect(text).toContain('| `generators/g.ts` | 0.0% (0 of 1) | 2026-12-05 10:00 UTC, code old1111 |');
  expect(text).toContain('| `lib/a.ts` | 0.0% (0 of 1) | 2026-12-06 11:30 UTC, code new2222 |');
});

test("a file's kept result: the hash of its text, its mutants by status, each undetected one with its line's text; a kept result is kept as is", () => {
  const kept = keptFile(report.files['lib/a.ts']);
  expect(kept).toEqual({
    sha256: require('crypto').createHash('sha256').update(A).digest('hex'),
    statuses: { CompileError: 1, Killed: 1, NoCoverage: 1, Survived: 2, Timeout: 1 },
    undetected: [
      { line: 2, column: 1, mutatorName: 'StringLiteral', status: 'Survived', replacement: '""', text: "const b = 'y';" },
      { line: 2, column: 1, mutatorName: 'BooleanLiteral', status: 'Survived', replacement: 'true', text: "const b = 'y';" },
      { line: 3, column: 1, mutatorName: 'StringLiteral', status: 'NoCoverage', replacement: '""', text: "const c = 'z';" },
    ],
  });
  expect(keptFile(kept)).toBe(kept);
});

test('a run rebuilt from an earlier TESTING.md: its killed-or-timed-out count is detected, and the run and the count say so', () => {
  const rebuilt = {
    code: 'old1111',
    when: new Date('2026-12-05T10:00:00Z'),
    reconstructed: 'rebuilt from TESTING.md at abc1234 (scores and survivors only)',
    report: { files: { 'lib/a.ts': { sha256: require('crypto').createHash('sha256').update(A).digest('hex'), statuses: { 'Killed or Timeout': 3, Survived: 1 }, undetected: [{ line: 2, mutatorName: 'StringLiteral', status: 'Survived', replacement: '""', text: "const b = 'y';" }] } } },
  };
  const { text, summary } = renderTestingMd({ runs: [rebuilt], inScope: new Map([['lib/a.ts', A]]) });
  expect(summary).toBe('TESTING.md: 75.0% (3 of 4) over 1 of 1 files, 1 survivors');
  expect(text).toContain('- 2026-12-05 10:00 UTC, code old1111: 1 file; rebuilt from TESTING.md at abc1234 (scores and survivors only).\n');
  expect(text).toContain('By status: Killed or Timeout 3, Survived 1. Killed or Timeout: files rebuilt from an earlier TESTING.md, which gave the two together.\n');
  expect(text).toContain("- `lib/a.ts:2` StringLiteral (Survived): `const b = 'y';` → `\"\"`");
  expect(text).not.toContain('changed since');
  // Its text changed since: marked by the hash.
  expect(renderTestingMd({ runs: [rebuilt], inScope: new Map([['lib/a.ts', `${A}// more\n`]]) }).text).toContain('code old1111; **changed since** |');
});

test('mutate patterns: paths, * within a folder, ** across folders, ! to leave out; a file in line ranges is not whole; no patterns: every file', () => {
  const m = mutatedBy(['lib/**/*.ts', 'generators/one.ts', '!lib/skip/*.ts', 'generators/part.ts:3-9', 'generators/cols.ts:3:1-9:2']);
  const files = ['lib/a.ts', 'lib/model/b.ts', 'lib/skip/c.ts', 'lib/skip/deeper/d.ts', 'lib/a.tsx', 'libXa.ts', 'generators/one.ts', 'generators/oneXts', 'generators/two.ts', 'generators/part.ts', 'generators/cols.ts', 'test/a.ts'];
  expect(files.filter(m)).toEqual(['lib/a.ts', 'lib/model/b.ts', 'lib/skip/deeper/d.ts', 'generators/one.ts']);
  expect(['x.ts', 'lib/y.js'].filter(mutatedBy(undefined))).toEqual(['x.ts', 'lib/y.js']);
});

describe('files on disk', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stryker-report-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a run is filed once, under its time and code, and every filed run is read back', () => {
    const reportFile = path.join(dir, 'mutation.json');
    const runsDir = path.join(dir, 'runs');
    fs.writeFileSync(reportFile, JSON.stringify(report));
    fs.utimesSync(reportFile, new Date('2026-12-06T20:01:02.345Z'), new Date('2026-12-06T20:01:02.345Z'));
    const first = fileRun({ reportFile, runsDir, code: 'abc1234', scope: 'two files' });
    expect(fs.readdirSync(runsDir)).toEqual(['20261206T200102Z-abc1234.json']);
    // Filed as kept: each file by hash, counts and undetected mutants, sorted by name.
    const kept = { files: { 'generators/g.ts': keptFile(report.files['generators/g.ts']), 'lib/a.ts': keptFile(report.files['lib/a.ts']) } };
    expect(first).toEqual([{ code: 'abc1234', scope: 'two files', when: new Date('2026-12-06T20:01:02.345Z'), report: kept }]);
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(runsDir, '20261206T200102Z-abc1234.json'), 'utf8')).report.files)).toEqual(['generators/g.ts', 'lib/a.ts']);
    // What it renders is what the whole report renders.
    const inScope = new Map([
      ['lib/a.ts', A],
      ['generators/g.ts', G],
    ]);
    expect(renderTestingMd({ runs: first, inScope }).text).toBe(renderTestingMd({ runs: [{ code: 'abc1234', scope: 'two files', when: new Date('2026-12-06T20:01:02.345Z'), report }], inScope }).text);
    // Filed again (the script run twice, at another HEAD): no second copy.
    expect(fileRun({ reportFile, runsDir, code: 'def5678' })).toEqual(first);
    expect(fs.readdirSync(runsDir)).toEqual(['20261206T200102Z-abc1234.json']);
    // A later run is added beside it.
    fs.utimesSync(reportFile, new Date('2026-12-07T08:00:00Z'), new Date('2026-12-07T08:00:00Z'));
    expect(fileRun({ reportFile, runsDir, code: 'def5678' }).map((r) => r.code).sort()).toEqual(['abc1234', 'def5678']);
    expect(fs.readdirSync(runsDir).sort()).toEqual(['20261206T200102Z-abc1234.json', '20261207T080000Z-def5678.json']);
  });

  test("a stopped run's checkpoint is filed with the files it finished; a checkpoint of a run that ended, or that finished no file, is not", () => {
    const reportFile = path.join(dir, 'missing.json');
    const runsDir = path.join(dir, 'runs');
    const checkpointFile = path.join(dir, 'checkpoint.json');
    const at = (iso: string) => fs.utimesSync(checkpointFile, new Date(iso), new Date(iso));
    const finished = { source: A, planned: 2, mutants: [mutant(1, 'Killed'), mutant(2, 'Survived')] };
    const unfinished = { source: G, planned: 3, mutants: [mutant(1, 'Killed')] };
    // Stopped with 3 of 5 decided: a.ts finished, g.ts not; h.ts finished too, but it is an earlier run's result the incremental file carried.
    const carried = { source: 'h\n', planned: 1, mutants: [mutant(1, 'Killed')] };
    const config = { mutate: ['lib/a.ts', 'generators/g.ts'] };
    fs.writeFileSync(checkpointFile, JSON.stringify({ config, files: { 'lib/a.ts': finished, 'generators/g.ts': unfinished, 'lib/h.ts': carried }, checkpoint: { decided: 4, planned: 6 } }));
    at('2026-12-06T21:00:00Z');
    const runs = fileRun({ reportFile, runsDir, code: 'abc1234', checkpointFile });
    expect(runs).toEqual([{ code: 'abc1234', when: new Date('2026-12-06T21:00:00Z'), stopped: { decided: 4, planned: 6 }, report: { config, files: { 'lib/a.ts': keptFile(finished) } } }]);
    const { text } = renderTestingMd({ runs, inScope: new Map([['lib/a.ts', A], ['generators/g.ts', G]]) });
    expect(text).toContain('- 2026-12-06 21:00 UTC, code abc1234: 1 file; stopped before its end (4 of 6 mutants decided), the files it finished.\n');
    expect(text).toContain('Not yet mutated\n\n- `generators/g.ts` (2 lines)\n');
    // The same checkpoint again: filed once.
    expect(fileRun({ reportFile, runsDir, code: 'abc1234', checkpointFile })).toHaveLength(1);
    // A run that ended (every mutant decided): its report is filed, not its checkpoint.
    fs.writeFileSync(checkpointFile, JSON.stringify({ config, files: { 'lib/a.ts': finished }, checkpoint: { decided: 2, planned: 2 } }));
    at('2026-12-06T22:00:00Z');
    expect(fileRun({ reportFile, runsDir, code: 'abc1234', checkpointFile })).toHaveLength(1);
    // Without the run's mutate patterns (an earlier checkpoint): its own files cannot be told from carried ones.
    fs.writeFileSync(checkpointFile, JSON.stringify({ files: { 'lib/a.ts': finished }, checkpoint: { decided: 2, planned: 4 } }));
    at('2026-12-06T21:30:00Z');
    expect(fileRun({ reportFile, runsDir, code: 'abc1234', checkpointFile })).toHaveLength(1);
    // Stopped before any file was finished: nothing to show.
    fs.writeFileSync(checkpointFile, JSON.stringify({ config, files: { 'generators/g.ts': unfinished }, checkpoint: { decided: 1, planned: 3 } }));
    at('2026-12-06T23:00:00Z');
    expect(fileRun({ reportFile, runsDir, code: 'abc1234', checkpointFile })).toHaveLength(1);
    expect(fs.readdirSync(runsDir)).toEqual(['20261206T210000Z-abc1234.json']);
  });

  test("an incremental run's report is filed with the files its patterns name, by names relative to the project, not the earlier results it carries", () => {
    const reportFile = path.join(dir, 'mutation.json');
    const runsDir = path.join(dir, 'runs');
    const config = { mutate: ['lib/a.ts'] };
    fs.writeFileSync(reportFile, JSON.stringify({ config, files: { [path.resolve(__dirname, '..', 'lib/a.ts')]: report.files['lib/a.ts'], 'generators/g.ts': report.files['generators/g.ts'] } }));
    const [run] = fileRun({ reportFile, runsDir, code: 'abc1234' });
    expect(run.report).toEqual({ config, files: { 'lib/a.ts': keptFile(report.files['lib/a.ts']) } });
  });

  test('no report yet: the runs filed before, or none', () => {
    expect(fileRun({ reportFile: path.join(dir, 'missing.json'), runsDir: path.join(dir, 'runs'), code: 'c' })).toEqual([]);
  });

  test('the files in scope: every .ts file under lib/ and generators/, with its text', () => {
    for (const [file, text] of Object.entries({ 'lib/a.ts': 'a', 'lib/deep/b.ts': 'b', 'generators/g.ts': 'g', 'lib/c.js': 'c', 'lib/t.tsx.bak': 't', 'test/x.ts': 'x', 'main.ts': 'm' })) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    expect([...filesInScope(dir).entries()].sort()).toEqual([
      ['generators/g.ts', 'g'],
      ['lib/a.ts', 'a'],
      ['lib/deep/b.ts', 'b'],
    ]);
  });
});
