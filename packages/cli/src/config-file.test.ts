import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readYamlFile } from './config-file.js';

describe('readYamlFile', () => {
  it('names the line of a YAML syntax error and shows it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fedrank-yaml-')), 'bad.yaml');
    writeFileSync(file, 'seed: 1\ndata:\n  dataset: synthetic\n federation: { clients: 3\nmodel: x\n');
    expect(() => readYamlFile(file)).toThrow(/bad\.yaml: not valid YAML at line 4, column \d+: .*: " federation: \{ clients: 3"$/);
  });
});
