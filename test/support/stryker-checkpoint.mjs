/**
 * The `checkpoint` reporter of StrykerJS (stryker.config.json): keeps what a run has tested so far in
 * a file (`checkpoint.fileName`, default reports/mutation/checkpoint.json) while the run goes on.
 *
 * StrykerJS writes its report and its incremental file only when a run ends; a run stopped before
 * (the end of a working session, a kill) loses every result. A whole run of lib/ and generators/
 * takes longer than a session on two cores, so this reporter writes, at most every
 * `checkpoint.everySeconds` seconds and once at the end, a report in StrykerJS's own format (the
 * mutation-testing-report-schema, as its incremental file) holding every mutant decided so far:
 * tested, reused, ignored or not compiling. Two uses:
 *
 * - resume: `--incrementalFile reports/mutation/checkpoint.json` (a copy: this run's checkpoint is
 *   written there again) lets the next run reuse those results under StrykerJS's own rules;
 * - report: each file's `planned` count tells whether every mutant of the file was decided, so that
 *   test/support/stryker-report.js can show the files a stopped run finished (and no other).
 *
 * Written beside and renamed, so a kill never leaves half a file.
 */
import fs from 'fs';
import path from 'path';
import { commonTokens, declareClassPlugin, PluginKind } from '@stryker-mutator/api/plugin';

const DEFAULT_FILE = 'reports/mutation/checkpoint.json';
const DEFAULT_EVERY_SECONDS = 30;

/** The report's language of a file, as StrykerJS names it. */
const language = (fileName) => (/\.tsx?$/i.test(fileName) ? 'typescript' : 'javascript');

/** The report's name of a file: relative to the project, with `/`. */
const relative = (fileName) => path.relative(process.cwd(), fileName).split(path.sep).join('/');

export class CheckpointReporter {
  static inject = [commonTokens.options];

  constructor(options) {
    const settings = options.checkpoint ?? {};
    this.file = path.resolve(settings.fileName ?? DEFAULT_FILE);
    this.everyMs = 1000 * (settings.everySeconds ?? DEFAULT_EVERY_SECONDS);
    this.thresholds = options.thresholds;
    // What the run mutates: an incremental run's report also carries the earlier results of files it does not.
    this.mutate = options.mutate;
    /** Mutants decided, by id. */
    this.results = new Map();
    /** Mutants to decide, by file name (absolute). */
    this.planned = new Map();
    this.tests = [];
    this.lastWrite = 0;
    this.sources = new Map();
  }

  onDryRunCompleted(event) {
    this.tests = event.result.tests ?? [];
  }

  onMutationTestingPlanReady(event) {
    for (const { mutant } of event.mutantPlans) this.planned.set(mutant.fileName, (this.planned.get(mutant.fileName) ?? 0) + 1);
    this.write();
  }

  onMutantTested(result) {
    this.results.set(result.id, result);
    if (Date.now() - this.lastWrite >= this.everyMs) this.write();
  }

  wrapUp() {
    this.write();
  }

  source(fileName) {
    if (!this.sources.has(fileName)) {
      let text = '';
      try {
        text = fs.readFileSync(fileName, 'utf8');
      } catch {
        // A file gone since the run began: its results are kept, its text is not.
      }
      this.sources.set(fileName, text);
    }
    return this.sources.get(fileName);
  }

  /** The checkpoint as a mutation-testing-report-schema report, with `planned` per file and `checkpoint` totals. */
  report() {
    // Test ids are test names with jest; numbered instead, as StrykerJS's own report does (a tenth of the size).
    const number = new Map(this.tests.map((test, index) => [test.id, String(index)]));
    const renumber = (ids) => ids?.map((id) => number.get(id) ?? id);
    const files = {};
    for (const [fileName, planned] of this.planned) files[relative(fileName)] = { language: language(fileName), source: this.source(fileName), mutants: [], planned };
    for (const result of this.results.values()) {
      const { fileName, ...mutant } = result;
      const name = relative(fileName);
      files[name] ??= { language: language(fileName), source: this.source(fileName), mutants: [], planned: 0 };
      files[name].mutants.push({ ...mutant, coveredBy: renumber(mutant.coveredBy), killedBy: renumber(mutant.killedBy) });
    }
    for (const file of Object.values(files)) file.mutants.sort((a, b) => Number(a.id) - Number(b.id) || String(a.id).localeCompare(String(b.id)));
    const testFiles = {};
    for (const test of this.tests) {
      const name = test.fileName ? relative(test.fileName) : '';
      testFiles[name] ??= { tests: [], ...(test.fileName ? { source: this.source(test.fileName) } : {}) };
      testFiles[name].tests.push({ id: number.get(test.id), name: test.name, ...(test.startPosition ? { location: { start: { line: test.startPosition.line + 1, column: test.startPosition.column + 1 } } } : {}) });
    }
    const planned = [...this.planned.values()].reduce((a, b) => a + b, 0);
    return {
      schemaVersion: '1.0',
      thresholds: this.thresholds,
      config: { mutate: this.mutate },
      files,
      testFiles,
      checkpoint: { decided: this.results.size, planned, at: new Date().toISOString() },
    };
  }

  write() {
    this.lastWrite = Date.now();
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(this.report()));
    fs.renameSync(temporary, this.file);
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, 'checkpoint', CheckpointReporter)];

/** Its options in stryker.config.json, checked by StrykerJS. */
export const strykerValidationSchema = {
  properties: {
    checkpoint: {
      description: 'The checkpoint reporter (test/support/stryker-checkpoint.mjs): where it writes, and how often.',
      type: 'object',
      properties: {
        fileName: { type: 'string', default: DEFAULT_FILE },
        everySeconds: { type: 'number', minimum: 0, default: DEFAULT_EVERY_SECONDS },
      },
      additionalProperties: false,
    },
  },
};
