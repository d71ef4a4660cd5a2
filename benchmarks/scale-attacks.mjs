#!/usr/bin/env node
// Attack cost: for every built-in attack, against the rule it is written for, the attack's own
// crafting seconds per round (metrics.jsonl's craftSeconds: the craft stage, without the colluding
// pool's training) next to the seconds of a clean round of the same rule, and their ratio. The
// project's bar is a ratio of at most 10%.
//
// Reference setting: configs/frl-lenet-fashion-mnist.yaml (LeNet, Fashion-MNIST, 1000 clients, 25
// per round, 20% malicious, the default colluding pool of 25). --quick: the bundled digits, 10
// clients per round, 1 local epoch, a pool of 10.
//
//   npm run build && node benchmarks/scale-attacks.mjs [--quick] [--rounds 2] [--only agr-tailored,lie] [--set key=value ...]
//
// Each row runs `rounds` rounds (default 2) and takes the median over the rounds after the first
// (the first warms up the workers and the JIT; with --rounds 1 it is the only one). Prints a
// markdown table; `run(opts)` returns its rows and the table for benchmarks/scale.mjs.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { loadRunConfig, loadRunData } from '@fedrank/cli';
import { initBackend } from '@fedrank/tensor';
import { runFederation } from '@fedrank/server';

/** Every built-in attack against its natural rule: [row label, attack settings, rule settings]. */
export const ATTACK_CASES = [
  ['none', { kind: 'none' }, { kind: 'frl-vote' }],
  ['rank-reversal', { kind: 'rank-reversal' }, { kind: 'frl-vote' }],
  ['random-ranking', { kind: 'random-ranking' }, { kind: 'frl-vote' }],
  ['vem', { kind: 'vem' }, { kind: 'frl-vote' }],
  ['label-flip', { kind: 'label-flip' }, { kind: 'frl-vote' }],
  ['malformed', { kind: 'malformed' }, { kind: 'frl-vote' }],
  ['scaling', { kind: 'scaling', scale: 100000 }, { kind: 'fedavg' }],
  ['gaussian', { kind: 'gaussian' }, { kind: 'fedavg' }],
  ['sign-flip', { kind: 'sign-flip' }, { kind: 'signsgd-mv' }],
  ['lie', { kind: 'lie' }, { kind: 'trimmed-mean' }],
  ['ipm', { kind: 'ipm' }, { kind: 'centered-clipping' }],
  ['fang (krum)', { kind: 'fang', variant: 'krum' }, { kind: 'krum' }],
  ['fang (trimmed-mean)', { kind: 'fang', variant: 'trimmed-mean' }, { kind: 'trimmed-mean' }],
  ['min-max', { kind: 'min-max' }, { kind: 'multi-krum' }],
  ['min-sum', { kind: 'min-sum' }, { kind: 'median' }],
  ['agr-tailored (trimmed-mean)', { kind: 'agr-tailored' }, { kind: 'trimmed-mean' }],
  ['agr-tailored (multi-krum)', { kind: 'agr-tailored' }, { kind: 'multi-krum' }],
];

const REFERENCE = { config: 'configs/frl-lenet-fashion-mnist.yaml', sets: [] };
const QUICK = {
  config: 'configs/quickstart.yaml',
  sets: ['federation.clientsPerRound=10', 'training.localEpochs=1'],
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const steady = (rows) => (rows.length > 1 ? rows.slice(1) : rows);

/**
 * opts: quick (boolean), rounds (default 2), only (labels or attack kinds to keep), sets (extra
 * key=value overrides), fraction (default 0.2), log (line printer, default console.log).
 * Returns { rows: [{ attack, rule, craftSeconds, attackedSeconds, cleanSeconds, ratio, failed? }], table, setting }.
 */
export async function run(opts = {}) {
  const log = opts.log ?? console.log;
  const rounds = opts.rounds ?? 2;
  const fraction = opts.fraction ?? 0.2;
  const base = opts.quick ? QUICK : REFERENCE;
  const extra = [...base.sets, ...(opts.sets ?? [])];
  const cases = ATTACK_CASES.filter(
    ([label, attack]) => !opts.only?.length || opts.only.includes(label) || opts.only.includes(attack.kind),
  );
  const setsFor = (rule, attack) => [
    `federation.rounds=${rounds}`,
    `aggregator=${JSON.stringify(rule)}`,
    `attack=${JSON.stringify(attack === undefined ? { kind: 'none' } : { ...attack, fraction, ...(opts.quick ? { poolSize: 10 } : {}) })}`,
    ...extra,
  ];

  const first = await loadRunConfig(base.config, setsFor(cases[0][2], cases[0][1]));
  const backend = await initBackend(first.backend);
  const data = await loadRunData(first);
  const setting = `${base.config}${extra.length ? ` with ${extra.join(' ')}` : ''}, ${fraction * 100}% malicious, ${rounds} round(s) per row`;
  log(
    `backend ${backend.name} (${backend.details}); ${setting}; load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );

  const roundsOf = async (rule, attack) => {
    const config = await loadRunConfig(base.config, setsFor(rule, attack));
    const out = [];
    await runFederation(config, data, { onRound: (m) => out.push(m) });
    return steady(out);
  };
  const clean = new Map();
  const rows = [];
  for (const [label, attack, rule] of cases) {
    if (!clean.has(rule.kind)) {
      const r = await roundsOf(rule, undefined);
      clean.set(rule.kind, median(r.map((m) => m.seconds)));
      log(`clean ${rule.kind}: ${clean.get(rule.kind).toFixed(2)} s per round`);
    }
    let r;
    try {
      r = await roundsOf(rule, attack);
    } catch (e) {
      // A rule that rejects the attacked round in this setting (e.g. too few updates for its f):
      // the row says so and the table goes on.
      const why = e instanceof Error ? e.message : String(e);
      rows.push({
        attack: label,
        rule: rule.kind,
        failed: why,
        craftSeconds: NaN,
        attackedSeconds: NaN,
        cleanSeconds: clean.get(rule.kind),
        ratio: NaN,
      });
      log(`${label} vs ${rule.kind}: failed: ${why}`);
      continue;
    }
    const craftSeconds = median(r.map((m) => m.craftSeconds));
    const cleanSeconds = clean.get(rule.kind);
    const row = { attack: label, rule: rule.kind, craftSeconds, attackedSeconds: median(r.map((m) => m.seconds)), cleanSeconds };
    row.ratio = craftSeconds / cleanSeconds;
    rows.push(row);
    log(`${label} vs ${rule.kind}: craft ${craftSeconds.toFixed(3)} s, attacked round ${row.attackedSeconds.toFixed(2)} s`);
  }
  const table = [
    '| attack | rule | craft s per round | attacked round s | clean round s | craft / clean |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
    ...rows.map((r) =>
      r.failed !== undefined
        ? `| ${r.attack} | ${r.rule} | failed: ${r.failed.replaceAll('|', '/')} | | ${r.cleanSeconds.toFixed(2)} | |`
        : `| ${r.attack} | ${r.rule} | ${r.craftSeconds.toFixed(3)} | ${r.attackedSeconds.toFixed(2)} | ${r.cleanSeconds.toFixed(2)} | ${(100 * r.ratio).toFixed(1)}%${r.ratio > 0.1 ? ' (over 10%)' : ''} |`,
    ),
  ].join('\n');
  log(
    `\nAttack cost (${setting}; load average at the end ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}):\n\n${table}`,
  );
  return { rows, table, setting };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      rounds: { type: 'string', default: '2' },
      only: { type: 'string', default: '' },
      set: { type: 'string', multiple: true, default: [] },
    },
  });
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) {
    console.error(`--rounds: expected a whole number of rounds >= 1, got ${values.rounds}`);
    process.exit(2);
  }
  const only = values.only === '' ? [] : values.only.split(',').map((s) => s.trim());
  const known = new Set(ATTACK_CASES.flatMap(([label, attack]) => [label, attack.kind]));
  const unknown = only.filter((o) => !known.has(o));
  if (unknown.length > 0) {
    console.error(`--only: unknown attack ${unknown.join(', ')}; expected some of ${[...known].join(', ')}`);
    process.exit(2);
  }
  await run({ quick: values.quick, rounds, only, sets: values.set });
  process.exit(0);
}
