/**
 * Golden files: plain files in the repo, compared byte for byte.
 * `UPDATE_GOLDEN=1 npm test` rewrites them (read the diff before committing);
 * in CI (`CI=true`) updating is refused, so a golden never updates itself there.
 */
import * as fs from 'fs';
import * as path from 'path';

export function updatingGoldens(): boolean {
  if (process.env.UPDATE_GOLDEN !== '1') return false;
  if (process.env.CI === 'true') throw new Error('UPDATE_GOLDEN=1 is refused in CI: goldens are regenerated locally and committed');
  return true;
}

/** Asserts that `actual` equals the golden file (or rewrites it under UPDATE_GOLDEN=1). */
export function expectGolden(file: string, actual: string): void {
  if (updatingGoldens()) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  if (!fs.existsSync(file)) {
    throw new Error(`golden file ${path.relative(process.cwd(), file)} is missing; run UPDATE_GOLDEN=1 npm test and read the diff before committing it`);
  }
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

/** Asserts that the folder holds exactly `files` (relative path -> text), or rewrites it under UPDATE_GOLDEN=1. */
export function expectGoldenDir(dir: string, files: Map<string, string>): void {
  if (updatingGoldens()) {
    fs.rmSync(dir, { recursive: true, force: true });
    for (const [rel, text] of files) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    return;
  }
  if (!fs.existsSync(dir)) {
    throw new Error(`golden folder ${path.relative(process.cwd(), dir)} is missing; run UPDATE_GOLDEN=1 npm test and read the diff before committing it`);
  }
  expect(listFiles(dir).sort()).toEqual([...files.keys()].sort());
  for (const [rel, text] of files) {
    expect({ file: rel, text }).toEqual({ file: rel, text: fs.readFileSync(path.join(dir, rel), 'utf8') });
  }
}

export function listFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(path.join(dir, entry.name), rel) : [rel];
  });
}

/** The build's TypeScript sources under `root` (tsconfig.json's include: main.ts and lib/, generators/, bin/), relative, sorted. */
export function buildSources(root: string): string[] {
  const under = (dir: string) => listFiles(path.join(root, dir)).map((rel) => `${dir}/${rel}`);
  return ['main.ts', ...['lib', 'generators', 'bin'].flatMap(under)].filter((rel) => rel.endsWith('.ts') && !rel.endsWith('.d.ts')).sort();
}
