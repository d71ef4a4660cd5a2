/**
 * Partition files end to end through the built `fedrank` binary: `partition export` writes the
 * split a config draws, a run on that file reproduces the run that drew it, and every bad file is
 * refused with one line naming the key, exit 2 and no run directory.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, runCli } from '../testing/cli-process.js';

beforeAll(buildOnce, 300_000);

const TRAIN = 120;
const CLIENTS = 6;

/** A tiny synthetic run; `partition` is the YAML of data.partition. */
const config = (partition: string): string => `
seed: 3
backend: wasm
workers: 0
data:
  dataset: synthetic
  synthetic: { trainSize: ${TRAIN}, testSize: 40, height: 4, width: 4, channels: 1, numClasses: 4 }
  partition: ${partition}
federation: { clients: ${CLIENTS}, clientsPerRound: 4, rounds: 2 }
model: { arch: mlp, hidden: [8] }
training: { localEpochs: 1, batchSize: 8 }
`;

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'fedrank-partition-'));
}

/** Every numeric field of metrics.jsonl but the wall times. */
function metrics(dir: string): unknown[] {
  return readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => {
      const m = JSON.parse(l) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(m).filter(([k]) => !/seconds/i.test(k)));
    });
}

/** A valid split of the TRAIN samples: client c holds indices c, c+CLIENTS, ... */
function goodClients(): number[][] {
  return Array.from({ length: CLIENTS }, (_, c) => Array.from({ length: TRAIN / CLIENTS }, (_, k) => c + k * CLIENTS));
}

const partitionFile = (clients: unknown, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ format: 'fedrank-partition/1', trainSize: TRAIN, clients, ...extra });

describe('fedrank partition export', () => {
  it('writes the drawn split; a run on the file gives the metrics of the run that drew it', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'drawn.yaml'), config('{ kind: dirichlet, alpha: 0.5 }'));
    const exported = await runCli(['partition', 'export', join(dir, 'drawn.yaml'), '--out', join(dir, 'split.json')]);
    expect(exported.stderr).toBe('');
    expect(exported.status).toBe(0);
    expect(exported.stdout).toMatch(/^wrote .*split\.json: 6 clients, \d+ of 120 training samples/);
    const file = JSON.parse(readFileSync(join(dir, 'split.json'), 'utf8')) as { format: string; trainSize: number; clients: number[][] };
    expect(file.format).toBe('fedrank-partition/1');
    expect(file.trainSize).toBe(TRAIN);
    expect(file.clients).toHaveLength(CLIENTS);
    // A Dirichlet(0.5) split is uneven; an accidental IID export would not be.
    expect(new Set(file.clients.map((c) => c.length)).size).toBeGreaterThan(1);

    // The path is relative to the config file's directory, not to the working directory (the repo).
    writeFileSync(join(dir, 'from-file.yaml'), config('{ kind: file, path: split.json }'));
    const [drawn, fromFile] = await Promise.all([
      runCli(['run', join(dir, 'drawn.yaml'), '--out', join(dir, 'drawn')]),
      runCli(['run', join(dir, 'from-file.yaml'), '--out', join(dir, 'from-file')]),
    ]);
    expect(drawn.status, drawn.stderr).toBe(0);
    expect(fromFile.status, fromFile.stderr).toBe(0);
    expect(metrics(join(dir, 'from-file'))).toEqual(metrics(join(dir, 'drawn')));
    expect(metrics(join(dir, 'drawn'))).toHaveLength(2);
  });

  it('refuses to overwrite an existing file', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'c.yaml'), config('{ kind: iid }'));
    writeFileSync(join(dir, 'split.json'), 'keep me');
    const r = await runCli(['partition', 'export', join(dir, 'c.yaml'), '--out', join(dir, 'split.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/split\.json: already exists/);
    expect(readFileSync(join(dir, 'split.json'), 'utf8')).toBe('keep me');
  });

  it("exports the base run's split for a post-training config (the base run's seed, not its own)", async () => {
    const dir = tmp();
    const digits = (seed: number, extra = ''): string => `
seed: ${seed}
backend: wasm
workers: 0
data: { dataset: mnist-bundled, partition: { kind: dirichlet, alpha: 1.0 }, testSubset: 100 }
federation: { clients: 20, clientsPerRound: 2, rounds: 1 }
model: { arch: mlp, hidden: [8] }
aggregator: { kind: fedavg }
training: { localEpochs: 1, batchSize: 32, lr: 0.05 }
${extra}`;
    writeFileSync(join(dir, 'base.yaml'), digits(3));
    writeFileSync(join(dir, 'pt.yaml'), digits(9, `postTraining: { from: ${JSON.stringify(join(dir, 'base-run'))}, monitorSamples: 50 }`));
    const base = await runCli(['run', join(dir, 'base.yaml'), '--out', join(dir, 'base-run')]);
    expect(base.status, base.stderr).toBe(0);
    const out = (name: string): Promise<unknown> =>
      runCli(['partition', 'export', join(dir, `${name}.yaml`), '--out', join(dir, `${name}.json`)]).then((r) => {
        expect(r.status, r.stderr).toBe(0);
        return (JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as { clients: unknown }).clients;
      });
    const [fromBase, fromPostTraining] = await Promise.all([out('base'), out('pt')]);
    expect(fromPostTraining).toEqual(fromBase);
  });
});

describe('data.partition kind file', () => {
  it('allows empty clients and reports them in summary.json', async () => {
    const dir = tmp();
    const clients = goodClients();
    clients[1] = [];
    writeFileSync(join(dir, 'split.json'), partitionFile(clients, { description: 'client 1 holds nothing' }));
    writeFileSync(join(dir, 'c.yaml'), config('{ kind: file, path: split.json }'));
    const r = await runCli(['run', join(dir, 'c.yaml'), '--out', join(dir, 'out'), '--set', 'federation.clientsPerRound=6']);
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')) as { partition: Record<string, number> };
    expect(summary.partition).toEqual({ min: 0, median: 20, max: 20, emptyClients: 1 });
  });

  const bad: [string, string | (() => string), RegExp][] = [
    ['trainSize differs from the dataset', () => partitionFile(goodClients(), { trainSize: 100 }), /trainSize: expected 120 .*got 100/],
    [
      'an index out of range',
      () => partitionFile(goodClients().map((c, i) => (i === 2 ? [...c.slice(0, -1), 120] : c))),
      /clients\[2\]\[19\]: expected an integer index in 0\.\.119, got 120/,
    ],
    [
      'an index that is not an integer',
      () => partitionFile(goodClients().map((c, i) => (i === 0 ? [1.5, ...c.slice(1)] : c))),
      /clients\[0\]\[0\]: expected an integer index in 0\.\.119, got 1\.5/,
    ],
    [
      'an index in two clients',
      () => partitionFile(goodClients().map((c, i) => (i === 4 ? [...c, 3] : c))),
      /clients\[4\]\[20\]: index 3 already belongs to client 3/,
    ],
    [
      'a client count other than federation.clients',
      () => partitionFile(goodClients().slice(0, 5)),
      /clients: expected 6 clients \(federation\.clients\), got 5/,
    ],
    ['a file that is not JSON', '{"format": "fedrank-partition/1", "trainSize": 120, "clients": [[1, 2', /split\.json: not valid JSON/],
    ['a missing file', '', /missing\.json: file not found/],
  ];
  it.each(bad)('refuses %s: one line naming the key, exit 2, no run directory', async (_what, content, message) => {
    const dir = tmp();
    const missing = content === '';
    if (!missing) writeFileSync(join(dir, 'split.json'), typeof content === 'function' ? content() : content);
    writeFileSync(join(dir, 'c.yaml'), config(`{ kind: file, path: ${missing ? 'missing.json' : 'split.json'} }`));
    const r = await runCli(['run', join(dir, 'c.yaml'), '--out', join(dir, 'out')]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^fedrank: partition file /);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
