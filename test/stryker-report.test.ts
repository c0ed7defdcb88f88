/**
 * test/support/stryker-report.js: TESTING.md from a StrykerJS report. The scores (killed and timed out, of
 * killed, survived and no coverage; compile errors, runtime errors and ignored mutants not counted), per
 * folder and file, and each survivor with its explanation, matched by the text of its line or its number.
 */
const { renderTestingMd } = require('./support/stryker-report') as {
  renderTestingMd: (options: { report: unknown; equivalent?: unknown[]; notes?: string; code: string; scope?: string; when: Date }) => { text: string; summary: string };
};

const mutant = (line: number, status: string, replacement = '""', mutatorName = 'StringLiteral') => ({ location: { start: { line, column: 1 } }, status, replacement, mutatorName });

const report = {
  files: {
    'lib/a.ts': {
      source: "const a = 'x';\nconst b = 'y';\nconst c = 'z';\n",
      mutants: [mutant(1, 'Killed'), mutant(1, 'Timeout'), mutant(2, 'Survived'), mutant(2, 'Survived', 'true', 'BooleanLiteral'), mutant(3, 'NoCoverage'), mutant(3, 'CompileError')],
    },
    'generators/g.ts': {
      source: 'export const g = 1;\n',
      mutants: [mutant(1, 'Killed'), mutant(1, 'Ignored'), mutant(1, 'RuntimeError')],
    },
  },
};

test('scores each folder and file, lists every survivor with its explanation, and counts them', () => {
  const { text, summary } = renderTestingMd({
    report,
    equivalent: [
      // By the text of the line, for one replacement only.
      { file: 'lib/a.ts', code: "b = 'y'", replacement: '""', reason: 'b is never read.' },
      // By line number, any replacement.
      { file: 'lib/a.ts', line: 3, kind: 'killed by hand', reason: 'test X fails with it.' },
      // Another file's line 2: explains nothing here.
      { file: 'generators/g.ts', line: 2, reason: 'not this one.' },
    ],
    notes: '## Notes\n\nby hand\n\n',
    code: 'abc1234',
    scope: 'two files',
    when: new Date('2026-12-06T15:48:30Z'),
  });
  expect(summary).toBe('TESTING.md: 50.0% (3 of 6), 3 survivors');
  expect(text).toContain('Run: 2026-12-06 15:48 UTC, code abc1234; files mutated: 2; scope: two files.\n');
  expect(text).toContain(
    [
      '| all mutated files | 50.0% (3 of 6) |',
      '| `lib/` | 40.0% (2 of 5) |',
      '| `generators/` | 100.0% (1 of 1) |',
      '| `generators/g.ts` | 100.0% (1 of 1) |',
      '| `lib/a.ts` | 40.0% (2 of 5) |',
      '',
      'By status: CompileError 1, Ignored 1, Killed 2, NoCoverage 1, RuntimeError 1, Survived 2, Timeout 1.',
    ].join('\n'),
  );
  expect(text).toContain(
    [
      "- `lib/a.ts:2` StringLiteral (Survived): `const b = 'y';` → `\"\"`",
      '  - Equivalent: b is never read.',
      "- `lib/a.ts:2` BooleanLiteral (Survived): `const b = 'y';` → `true`",
      "- `lib/a.ts:3` StringLiteral (NoCoverage): `const c = 'z';` → `\"\"`",
      "  - Killed by hand (out of StrykerJS's reach, counted as surviving above): test X fails with it.",
      '',
      '3 survivors, 1 explained as equivalent, 1 killed by hand.',
      '',
      '## Notes',
      '',
      'by hand',
      '',
    ].join('\n'),
  );
  expect(text.endsWith('by hand\n')).toBe(true);
});

test('a file with no scored mutant says so; no survivor is "None."', () => {
  const { text, summary } = renderTestingMd({
    report: { files: { 'lib/k.ts': { source: 'x\n', mutants: [mutant(1, 'Killed')] }, 'lib/s.ts': { source: 'y\n', mutants: [mutant(1, 'CompileError')] } } },
    code: 'c',
    when: new Date(0),
  });
  expect(summary).toBe('TESTING.md: 100.0% (1 of 1), 0 survivors');
  expect(text).toContain('| `lib/s.ts` | no mutant scored (each one ignored, static, or not compiling) |');
  expect(text).toContain('## Surviving mutants\n\nNone.\n\n0 survivors, 0 explained as equivalent, 0 killed by hand.\n');
  expect(text).not.toContain('scope:');
});
