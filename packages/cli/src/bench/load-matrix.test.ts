/** loadMatrix: an inline base's partition file path is resolved against the matrix file's directory. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMatrix } from './load-matrix.js';

describe('loadMatrix', () => {
  it("resolves an inline base's data.partition.path against the matrix file's directory", () => {
    const dir = mkdtempSync(join(tmpdir(), 'fedrank-matrix-'));
    writeFileSync(
      join(dir, 'm.yaml'),
      'base:\n  seed: 1\n  data: { dataset: synthetic, partition: { kind: file, path: split.json } }\nseeds: [1]\n',
    );
    const loaded = loadMatrix(join(dir, 'm.yaml'));
    expect(loaded.base).toEqual({ seed: 1, data: { dataset: 'synthetic', partition: { kind: 'file', path: join(dir, 'split.json') } } });
  });
});
