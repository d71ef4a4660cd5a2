#!/usr/bin/env node
// Unsupervised federated post-training (MM-UPT majority-vote self-rewards + GRPO) on
// Fashion-MNIST: for each base regime and seed, stage 1 trains a supervised base model and
// saves it, stage 2 post-trains it without labels on the clients stage 1 never sampled
// (postTraining.clients: unseen). Both stages go through `executeRun`, exactly what
// `fedrank run` does; the run directories stay under --out.
//
// Base regimes (1000 clients, Dirichlet(1.0) partition, 10 clients per round):
//   good     FedAvg MLP 784-100-10, 50 rounds x 2 local epochs, lr 0.05 (~81% test accuracy)
//   early    FedAvg MLP, 10 rounds x 2 local epochs, lr 0.05 (~73%)
//   drifted  FedAvg MLP, 5 rounds x 20 local epochs (client drift: one class over-predicted)
//   weak     FedAvg MLP, 1 round x 1 local epoch, lr 0.005 (< 40%)
//   frl      FRL supermask MLP 784-300-100-10, 30 rounds x 2 local epochs, lr 0.4 (~74%)
// Post-training (all regimes): 20 rounds x 10 clients, 1 local epoch, batch 16, momentum 0.9,
// no weight decay, lr 0.005 (dense weights) or 0.1 (supermask scores); G 10, T 0.7, clip
// 0.2/0.3/3, on-policy 'step' rollout, and per --variant:
//   guarded (default)  KL (k3, 0.1) to the base model, class-balance guard p = 3 against a
//                      uniform class prior (postTraining.balanceGuard / balanceTarget: uniform)
//   recipe             the recipe as is: KL (k3, 0.01) to the round's starting model
// --pt '{...}' merges further postTraining keys over the variant's.
//
//   npm run build && node benchmarks/post-training.mjs [--seeds 1,2,3] [--regimes good,early,weak,frl]
//        [--variant guarded|recipe] [--pt JSON] [--rounds 20] [--out runs/bench-post-training]
//        [--reuse-bases]   (keep a base run already in --out instead of training it again)
//
// Prints one line per run and a table: test accuracy (all 10,000 test images) before and
// after, and the label-free monitor on 2,000 of the post-training clients' inputs (agreement
// with the majority of 10 samples, mean entropy, class balance of the predictions, shares of
// the rarest and the most predicted class, the mean guard weight of the last round).
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { executeRun } from '@fedrank/cli';
import { parseRunConfig } from '@fedrank/server';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '1,2,3' },
    regimes: { type: 'string', default: 'good,early,weak,frl' },
    variant: { type: 'string', default: 'guarded' },
    rounds: { type: 'string', default: '20' },
    out: { type: 'string', default: 'runs/bench-post-training' },
    dataset: { type: 'string', default: 'fashion-mnist' },
    pt: { type: 'string', default: '{}' },
    'reuse-bases': { type: 'boolean', default: false },
  },
});
const seeds = values.seeds.split(',').map(Number);
const VARIANTS = {
  guarded: { klAnchor: 'base', klCoef: 0.1, balanceGuard: 3, balanceTarget: 'uniform' },
  recipe: {},
};
if (!VARIANTS[values.variant]) throw new Error(`unknown variant ${values.variant}; expected one of ${Object.keys(VARIANTS).join(', ')}`);
const ptKeys = { ...VARIANTS[values.variant], ...JSON.parse(values.pt) };
const out = resolve(values.out);
const quiet = new Writable({ write: (_c, _e, cb) => cb() });

const dense = { arch: 'mlp', hidden: [100] };
const REGIMES = {
  good: { model: dense, aggregator: { kind: 'fedavg' }, rounds: 50, localEpochs: 2, lr: 0.05, ptLr: 0.005 },
  drifted: { model: dense, aggregator: { kind: 'fedavg' }, rounds: 5, localEpochs: 20, lr: 0.05, ptLr: 0.005 },
  early: { model: dense, aggregator: { kind: 'fedavg' }, rounds: 10, localEpochs: 2, lr: 0.05, ptLr: 0.005 },
  weak: { model: dense, aggregator: { kind: 'fedavg' }, rounds: 1, localEpochs: 1, lr: 0.005, ptLr: 0.005 },
  frl: { model: { arch: 'mlp', hidden: [300, 100] }, aggregator: { kind: 'frl-vote' }, rounds: 30, localEpochs: 2, lr: 0.4, ptLr: 0.1 },
};

function common(seed, r) {
  return {
    seed,
    backend: 'wasm',
    workers: 0,
    data: { dataset: values.dataset, partition: { kind: 'dirichlet', alpha: 1.0 } },
    model: r.model,
    aggregator: r.aggregator,
  };
}

const minShare = (m) => Math.min(...m.predictedClasses) / m.inputs;
const maxShare = (m) => Math.max(...m.predictedClasses) / m.inputs;
const pct = (x) => (100 * x).toFixed(1);
const rows = [];
for (const name of values.regimes.split(',')) {
  const r = REGIMES[name];
  if (!r) throw new Error(`unknown regime ${name}; expected one of ${Object.keys(REGIMES).join(', ')}`);
  for (const seed of seeds) {
    const baseDir = join(out, `${name}-s${seed}-base`);
    const ptDir = join(out, `${name}-s${seed}-post-${values.variant}`);
    const reuse = values['reuse-bases'] && existsSync(join(baseDir, 'summary.json'));
    if (!reuse) rmSync(baseDir, { recursive: true, force: true });
    rmSync(ptDir, { recursive: true, force: true });
    const base = parseRunConfig({
      ...common(seed, r),
      name: `${name}-base`,
      federation: { clients: 1000, clientsPerRound: 10, rounds: r.rounds },
      training: { localEpochs: r.localEpochs, batchSize: 16, lr: r.lr },
    });
    const b = reuse ? { wallSeconds: 0 } : await executeRun(base, { outDir: baseDir, progressStream: quiet });
    const pt = parseRunConfig({
      ...common(seed, r),
      name: `${name}-post`,
      federation: { clients: 1000, clientsPerRound: 10, rounds: Number(values.rounds) },
      training: { localEpochs: 1, batchSize: 16, lr: r.ptLr, lrDecay: 1, momentum: 0.9, weightDecay: 0 },
      postTraining: { from: baseDir, ...ptKeys },
    });
    const s = await executeRun(pt, { outDir: ptDir, progressStream: quiet });
    const p = s.postTraining;
    const last = readFileSync(join(ptDir, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .at(-1);
    const row = {
      regime: name,
      seed,
      base: p.baseAccuracy,
      after: s.finalAccuracy,
      agreement: [p.baseMonitor.agreement, p.finalMonitor.agreement],
      entropy: [p.baseMonitor.entropy, p.finalMonitor.entropy],
      balance: [p.baseMonitor.classBalance, p.finalMonitor.classBalance],
      rarest: [minShare(p.baseMonitor), minShare(p.finalMonitor)],
      top: [maxShare(p.baseMonitor), maxShare(p.finalMonitor)],
      hist: [p.baseMonitor.predictedClasses, p.finalMonitor.predictedClasses],
      guard: last.guardWeight,
      unseen: p.eligibleClients,
      seconds: b.wallSeconds + s.wallSeconds,
    };
    rows.push(row);
    console.log(
      `${name} seed ${seed}: base ${pct(row.base)}% -> ${pct(row.after)}% (${row.unseen} unseen clients; ${row.seconds.toFixed(0)} s); predicted classes ${row.hist[0].join(',')} -> ${row.hist[1].join(',')}`,
    );
  }
}

const f2 = ([a, b], d = 2) => `${a.toFixed(d)} -> ${b.toFixed(d)}`;
console.log('');
console.log(
  `Fashion-MNIST test accuracy (10,000 test images) before and after ${values.rounds} rounds of unsupervised post-training (variant ${values.variant}: ${JSON.stringify(ptKeys)})`,
);
console.log(
  '| base | seed | before | after | gain (pts) | agreement | entropy (nats) | class balance | rarest class share | top class share | guard weight |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const row of rows) {
  console.log(
    `| ${row.regime} | ${row.seed} | ${pct(row.base)} | ${pct(row.after)} | ${(100 * (row.after - row.base)).toFixed(1)} | ${f2(row.agreement)} | ${f2(row.entropy)} | ${f2(row.balance)} | ${f2(row.rarest, 3)} | ${f2(row.top, 3)} | ${row.guard.toFixed(2)} |`,
  );
}
console.log('');
console.log('| base | seeds | mean before | mean after | mean gain (pts) | min gain | max gain |');
console.log('|---|---|---|---|---|---|---|');
for (const name of [...new Set(rows.map((r) => r.regime))]) {
  const rs = rows.filter((r) => r.regime === name);
  const mean = (f) => rs.reduce((s, r) => s + f(r), 0) / rs.length;
  const gains = rs.map((r) => 100 * (r.after - r.base));
  console.log(
    `| ${name} | ${rs.map((r) => r.seed).join(',')} | ${pct(mean((r) => r.base))} | ${pct(mean((r) => r.after))} | ${mean((r) => 100 * (r.after - r.base)).toFixed(2)} | ${Math.min(...gains).toFixed(1)} | ${Math.max(...gains).toFixed(1)} |`,
  );
}
