import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkOutputDir, checkRunName, makeOutputDir } from './output-dir.js';

const root = mkdtempSync(join(tmpdir(), 'fedrank-outdir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('checkOutputDir', () => {
  writeFileSync(join(root, 'file'), 'x');
  symlinkSync(join(root, 'missing'), join(root, 'dangling'));
  mkdirSync(join(root, 'dir'));

  it('accepts a new path under a directory and an existing directory', () => {
    expect(checkOutputDir(join(root, 'dir/new/deeper'), '--out')).toBe(join(root, 'dir/new/deeper'));
    expect(checkOutputDir(join(root, 'dir'), '--out')).toBe(join(root, 'dir'));
  });

  it('names the path and what is wrong', () => {
    expect(() => checkOutputDir(join(root, 'file'), '--out')).toThrow(/file: not a directory \(an existing file\)/);
    expect(() => checkOutputDir(join(root, 'file/sub'), '--out')).toThrow(/not a directory \(.*file is a file\)/);
    expect(() => checkOutputDir(join(root, 'dangling'), '--out')).toThrow(/dangling is a dangling symlink/);
    expect(() => checkOutputDir(join(root, 'dangling/sub'), '--out')).toThrow(/dangling is a dangling symlink/);
    expect(() => checkOutputDir('/proc/self/x', '--out')).toThrow(/cannot write output under \/proc/);
  });

  it('creates a checked directory', () => {
    makeOutputDir(join(root, 'made/here'), '--out');
    expect(checkOutputDir(join(root, 'made/here'), '--out')).toBe(join(root, 'made/here'));
  });
});

describe('checkRunName', () => {
  it('accepts plain names and refuses paths', () => {
    expect(checkRunName('quickstart-2')).toBe('quickstart-2');
    for (const bad of ['../../..', 'a/b', '..', '.', 'a\\b']) expect(() => checkRunName(bad)).toThrow(/name: expected a plain name/);
  });
});
