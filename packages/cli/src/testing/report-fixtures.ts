/**
 * Test support for the report tests (not part of the build): small real runs made by executeRun
 * on a tiny synthetic task, laid out as a user would have them.
 *   pair/frl, pair/fedavg          FRL next to FedAvg, 3 rounds
 *   matrix/cells/<agg>--<attack>--f<fraction>--s<seed>
 *                                  a robustness matrix: frl-vote under rank reversal, fedavg under
 *                                  scaling, fractions 0 (baseline) and 0.25, seeds 1 and 2
 *   post/base, post/pt             a supervised base run and post-training from it
 *   broken/stopped                 stopped after its first round (summary.json says interrupted)
 *   broken/killed                  a copy of pair/frl without summary.json, last line cut short
 *   broken/empty                   killed before its first round: an empty metrics.jsonl
 *   broken/bad-line                a copy of pair/frl with an unreadable metrics line
 *   broken/not-a-run               a directory with no run in it
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseRunConfig } from '@fedrank/server';
import { executeRun } from '../run-experiment.js';

export interface ReportFixtures {
  readonly root: string;
  readonly pair: string;
  readonly matrix: string;
  readonly post: string;
  readonly broken: string;
}

const tiny = (extra: Record<string, unknown>): Record<string, unknown> => ({
  seed: 1,
  backend: 'wasm',
  workers: 0,
  data: {
    dataset: 'synthetic',
    partition: { kind: 'iid' },
    synthetic: { trainSize: 240, testSize: 80, height: 6, width: 6, channels: 1, numClasses: 4 },
  },
  federation: { clients: 8, clientsPerRound: 4, rounds: 3 },
  model: { arch: 'mlp', hidden: [16] },
  training: { localEpochs: 1, batchSize: 8 },
  ...extra,
});

async function run(raw: Record<string, unknown>, outDir: string, shouldStop?: () => boolean): Promise<void> {
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  await executeRun(parseRunConfig(raw), { outDir, shouldStop, progressStream: quiet });
}

export const MATRIX_RULES = [
  { aggregator: 'frl-vote', attack: 'rank-reversal' },
  { aggregator: 'fedavg', attack: 'scaling' },
] as const;
export const MATRIX_SEEDS = [1, 2] as const;

/** `seeds`: the matrix's seeds (fewer for a quicker test). */
export async function buildReportFixtures(root: string, options: { seeds?: readonly number[] } = {}): Promise<ReportFixtures> {
  const pair = join(root, 'pair');
  await run(tiny({ name: 'frl' }), join(pair, 'frl'));
  await run(tiny({ name: 'fedavg', aggregator: { kind: 'fedavg' } }), join(pair, 'fedavg'));

  const matrix = join(root, 'matrix');
  for (const { aggregator, attack } of MATRIX_RULES) {
    for (const seed of options.seeds ?? MATRIX_SEEDS) {
      for (const fraction of [0, 0.25]) {
        const a = fraction === 0 ? { kind: 'none', fraction: 0 } : { kind: attack, fraction };
        const id = `${aggregator}--${a.kind}--f${fraction}--s${seed}`;
        await run(
          tiny({
            name: 'matrix',
            seed,
            federation: { clients: 8, clientsPerRound: 4, rounds: 2 },
            aggregator: { kind: aggregator },
            attack: a,
          }),
          join(matrix, 'cells', id),
        );
      }
    }
  }
  writeFileSync(join(matrix, 'results.csv'), 'aggregator,attack\n');

  const post = join(root, 'post');
  const base = tiny({ name: 'pt-base', aggregator: { kind: 'fedavg' }, training: { localEpochs: 1, batchSize: 8, lr: 0.05 } });
  await run(base, join(post, 'base'));
  await run(
    {
      ...base,
      name: 'pt',
      federation: { clients: 8, clientsPerRound: 4, rounds: 2 },
      training: { localEpochs: 1, batchSize: 8, lr: 0.005, weightDecay: 0 },
      postTraining: { from: join(post, 'base'), groupSize: 4, clients: 'all', monitorSamples: 80 },
    },
    join(post, 'pt'),
  );

  const broken = join(root, 'broken');
  let calls = 0;
  // Polled between clients: stops during the second round, so one round is evaluated.
  await run(tiny({ name: 'stopped' }), join(broken, 'stopped'), () => ++calls > 6);
  const killed = join(broken, 'killed');
  cpSync(join(pair, 'frl'), killed, { recursive: true });
  rmSync(join(killed, 'summary.json'));
  const lines = readFileSync(join(killed, 'metrics.jsonl'), 'utf8').trim().split('\n');
  writeFileSync(join(killed, 'metrics.jsonl'), lines.slice(0, 2).join('\n') + '\n' + lines[2].slice(0, 20));
  const empty = join(broken, 'empty');
  mkdirSync(empty, { recursive: true });
  cpSync(join(pair, 'frl', 'config.resolved.yaml'), join(empty, 'config.resolved.yaml'));
  writeFileSync(join(empty, 'metrics.jsonl'), '');
  const badLine = join(broken, 'bad-line');
  cpSync(join(pair, 'frl'), badLine, { recursive: true });
  writeFileSync(join(badLine, 'metrics.jsonl'), [lines[0], '{"round": 1, "accuracy": "high"}', lines[2]].join('\n') + '\n');
  mkdirSync(join(broken, 'not-a-run'), { recursive: true });
  writeFileSync(join(broken, 'not-a-run', 'notes.txt'), 'not a run\n');
  return { root, pair, matrix, post, broken };
}
