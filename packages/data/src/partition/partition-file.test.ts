/** Partition files: what formatPartitionFile writes, readPartitionFile reads back; the bad cases name the key. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatPartitionFile, readPartitionFile } from './partition-file.js';
import { DataError } from '../errors.js';

const dir = mkdtempSync(join(tmpdir(), 'fedrank-partition-file-'));
const write = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('partition files', () => {
  it('read back what was written, empty clients included, one client per line', () => {
    const parts = [Uint32Array.of(4, 0), Uint32Array.of(), Uint32Array.of(2, 1, 3)];
    const text = formatPartitionFile(parts, 6, 'three clients, one empty');
    expect(text.split('\n')).toHaveLength(6);
    expect(JSON.parse(text)).toMatchObject({ format: 'fedrank-partition/1', description: 'three clients, one empty', trainSize: 6 });
    expect(readPartitionFile(write('ok.json', text), 6, 3)).toEqual(parts);
  });

  it('name the key of the first problem', () => {
    const key = (text: string, trainSize = 6, clients = 2): string => {
      try {
        readPartitionFile(write('bad.json', text), trainSize, clients);
      } catch (e) {
        expect(e).toBeInstanceOf(DataError);
        return (e as DataError).field;
      }
      throw new Error('accepted');
    };
    const file = (o: Record<string, unknown>): string =>
      JSON.stringify({ format: 'fedrank-partition/1', trainSize: 6, clients: [[0], [1]], ...o });
    expect(key(file({ format: 'other/1' }))).toBe('format');
    expect(key(file({}), 7)).toBe('trainSize');
    expect(key(file({ clients: 'all' }))).toBe('clients');
    expect(key(file({}), 6, 3)).toBe('clients');
    expect(key(file({ clients: [[0], 1] }))).toBe('clients[1]');
    expect(key(file({ clients: [[0], [1, -1]] }))).toBe('clients[1][1]');
    expect(key(file({ clients: [[0], ['1']] }))).toBe('clients[1][0]');
    expect(key(file({ clients: [[0, 5], [5]] }))).toBe('clients[1][0]');
    expect(key('[]')).toBe('');
  });
});
