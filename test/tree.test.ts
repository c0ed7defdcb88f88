/**
 * generators/tree.ts, the reader of folders the tool wrote (check, generate's
 * foreign-file check), on real entries of every kind in a temporary folder:
 * what it reads, what it reports instead, in which order, and that it never
 * follows a link, blocks on a FIFO or leaks a descriptor. (As a non-root
 * user, unreadable files: test/hardening.test.ts, through the binary.)
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { entryKind, MAX_TREE_FILE_BYTES, readRegularFile, readTree } from '../generators/tree';

let dir: string;
let server: net.Server | undefined;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-privatelink-tree-'));
});
afterEach(async () => {
  if (server) await new Promise((resolve) => server!.close(resolve));
  server = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
}

function mkfifo(rel: string): void {
  const made = spawnSync('mkfifo', [path.join(dir, rel)]);
  if (made.status !== 0) throw new Error(`mkfifo is needed by this test: ${made.stderr}`);
}

test('the limit is 4 MiB', () => {
  expect(MAX_TREE_FILE_BYTES).toBe(4_194_304);
});

test('reads every regular file, sorted, and reports every other entry by kind, sorted by path', async () => {
  write('b.tf', 'b');
  write('a.tf', 'a');
  write('z/y.tf', 'y');
  write('a-b/x.tf', 'x');
  fs.symlinkSync('/proc/self/environ', path.join(dir, 'env.tf'));
  fs.mkdirSync(path.join(dir, 'a'));
  fs.symlinkSync('../b.tf', path.join(dir, 'a', 'link.tf'));
  fs.symlinkSync('/dev/zero', path.join(dir, 'a-c'));
  mkfifo('fifo.tf');
  server = net.createServer();
  await new Promise<void>((resolve) => server!.listen(path.join(dir, 'sock'), resolve));
  const tree = readTree(dir);
  expect([...tree.files]).toEqual([
    ['a-b/x.tf', 'x'],
    ['a.tf', 'a'],
    ['b.tf', 'b'],
    ['z/y.tf', 'y'],
  ]);
  // Sorted by path as text: "a-c" before "a/link.tf" ('-' sorts before '/'), though the walk meets a/ first.
  expect(tree.unexpected).toEqual([
    { rel: 'a-c', kind: 'symlink' },
    { rel: 'a/link.tf', kind: 'symlink' },
    { rel: 'env.tf', kind: 'symlink' },
    { rel: 'fifo.tf', kind: 'FIFO' },
    { rel: 'sock', kind: 'socket' },
  ]);
});

test('include leaves files out, descend leaves folders unread', () => {
  write('keep.tf', 'k');
  write('skip.md', 's');
  write('sub/inner.tf', 'i');
  write('.terraform/providers/p.tf', 'p');
  fs.symlinkSync('keep.tf', path.join(dir, 'skipped-link.md'));
  const tree = readTree(
    dir,
    (rel) => rel.endsWith('.tf'),
    (rel) => rel !== '.terraform',
  );
  expect([...tree.files.keys()]).toEqual(['keep.tf', 'sub/inner.tf']);
  expect(tree.unexpected).toEqual([]);
});

test('a folder that cannot be listed is reported as such, at "." for the top', () => {
  write('file', 'x');
  expect(readTree(path.join(dir, 'file'))).toEqual({ files: new Map(), unexpected: [{ rel: '.', kind: 'unreadable folder', detail: 'ENOTDIR' }] });
});

test('files come sorted whatever order the file system lists them in', () => {
  write('b.tf', 'b');
  write('a.tf', 'a');
  write('c/d.tf', 'd');
  const real = jest.requireActual<typeof fs>('fs');
  const readdir = real.readdirSync.bind(real) as (dir: string) => string[];
  const listed = jest.spyOn(real, 'readdirSync').mockImplementation(((dir: string) => readdir(dir).sort().reverse()) as unknown as typeof fs.readdirSync);
  try {
    expect([...readTree(dir).files.keys()]).toEqual(['a.tf', 'b.tf', 'c/d.tf']);
  } finally {
    listed.mockRestore();
  }
});

test('an entry removed between the listing and its lstat is left out, not an error', () => {
  write('kept.tf', 'k');
  // The module object itself (the namespace import is read-only); tree.ts reads its functions from it at each call.
  const listed = jest.spyOn(jest.requireActual<typeof fs>('fs'), 'readdirSync').mockImplementationOnce((() => ['gone.tf', 'kept.tf']) as unknown as typeof fs.readdirSync);
  try {
    expect(readTree(dir)).toEqual({ files: new Map([['kept.tf', 'k']]), unexpected: [] });
    expect(listed).toHaveBeenCalledTimes(1);
  } finally {
    listed.mockRestore();
  }
});

describe('readRegularFile', () => {
  test('reads a file of exactly the limit; one byte more is an oversize file, not read', () => {
    write('ten', '0123456789');
    write('eleven', '0123456789A');
    expect(readRegularFile(path.join(dir, 'ten'), 10)).toBe('0123456789');
    expect(readRegularFile(path.join(dir, 'eleven'), 10)).toEqual({ kind: 'oversize file', detail: '11 bytes' });
    expect(readRegularFile(path.join(dir, 'ten'), 100)).toBe('0123456789');
  });

  test('a file that holds more than its size says (a /proc file) is oversize past the limit', () => {
    expect(fs.statSync('/proc/self/status').size).toBe(0);
    expect(readRegularFile('/proc/self/status', 0)).toEqual({ kind: 'oversize file', detail: 'over 0 bytes' });
  });

  test('never follows a link, never opens a device for reading, and says what each entry is', () => {
    write('target', 'secret');
    fs.symlinkSync('target', path.join(dir, 'link'));
    fs.mkdirSync(path.join(dir, 'folder'));
    expect(readRegularFile(path.join(dir, 'link'), 100)).toEqual({ kind: 'symlink' });
    expect(readRegularFile('/dev/null', 100)).toEqual({ kind: 'device' });
    expect(readRegularFile(path.join(dir, 'folder'), 100)).toEqual({ kind: 'unreadable file', detail: 'not a regular file' });
    expect(readRegularFile(path.join(dir, 'missing'), 100)).toEqual({ kind: 'unreadable file', detail: 'ENOENT' });
  });

  test('a file that opens but fails to read (/proc/self/mem at offset 0: EIO) is an unreadable file, with the code', () => {
    expect(readRegularFile('/proc/self/mem', 100)).toEqual({ kind: 'unreadable file', detail: 'EIO' });
  });

  test('a FIFO is reported without blocking (no writer)', () => {
    mkfifo('fifo');
    expect(readRegularFile(path.join(dir, 'fifo'), 100)).toEqual({ kind: 'FIFO' });
  });

  test('closes every descriptor it opens', () => {
    write('file', 'x');
    write('big', 'x'.repeat(50));
    const open = () => fs.readdirSync('/proc/self/fd').length;
    const before = open();
    for (let i = 0; i < 20; i++) {
      readRegularFile(path.join(dir, 'file'), 10);
      readRegularFile(path.join(dir, 'big'), 10);
      readRegularFile('/dev/null', 10);
    }
    expect(open()).toBe(before);
  });
});

test('entryKind names each kind of entry that is not a file or a folder, and nothing else', () => {
  write('file', 'x');
  fs.symlinkSync('file', path.join(dir, 'link'));
  mkfifo('fifo');
  expect(entryKind(fs.lstatSync(path.join(dir, 'link')))).toBe('symlink');
  expect(entryKind(fs.lstatSync(path.join(dir, 'fifo')))).toBe('FIFO');
  expect(entryKind(fs.statSync('/dev/null'))).toBe('device');
  expect(entryKind(fs.lstatSync(path.join(dir, 'file')))).toBeUndefined();
  expect(entryKind(fs.lstatSync(dir))).toBeUndefined();
});
