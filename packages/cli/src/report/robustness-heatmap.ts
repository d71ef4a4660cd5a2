/**
 * The robustness heatmap: aggregator x attack, one panel per malicious fraction; a cell is the
 * mean over seeds of the final test accuracy, or of the attack impact: the final accuracy of the
 * no-attack baseline (attack `none` or fraction 0) with the same aggregator, seed and other
 * config values, minus the cell's (positive: the attack hurt). The same definition as
 * `fedrank bench robustness` results. Interrupted runs are left out. Row and column labels carry
 * the aggregator's and attack's differing parameters; config values that differ beyond
 * aggregator, attack and seed are added to the row label so unlike runs are never averaged.
 */
import type { TopLevelSpec } from 'vega-lite';
import { chartBase } from './chart-theme.js';
import { formatConfigValue } from './config-diff.js';
import { finalAccuracy, SEED_KEY, type ReportRun, type RunSet } from './run-set.js';

export const AGGREGATOR_KEY = 'aggregator.kind';
export const ATTACK_KEY = 'attack.kind';
export const FRACTION_KEY = 'attack.fraction';

export type HeatmapMeasure = 'finalAccuracy' | 'attackImpact';

export interface HeatCell {
  readonly aggregator: string;
  readonly attack: string;
  readonly fraction: number;
  readonly finalAccuracy: number;
  /** Absent when no seed of the cell has a finished baseline. */
  readonly attackImpact?: number;
  readonly seeds: number;
}

export interface Heatmap {
  readonly cells: readonly HeatCell[];
  /** Interrupted runs left out of the means. */
  readonly leftOut: number;
}

/** True when the runs differ in their attack or malicious fraction: a robustness matrix. */
export function isRobustnessMatrix(set: RunSet): boolean {
  return set.varying.includes(ATTACK_KEY) || set.varying.includes(FRACTION_KEY);
}

function labelWith(base: string, run: ReportRun, keys: readonly string[], set: RunSet): string {
  const own = keys.filter((k) => run.flat.get(k) !== undefined);
  if (own.length === 0) return base;
  return `${base} (${own.map((k) => `${set.names.get(k)}=${formatConfigValue(run.flat.get(k))}`).join(', ')})`;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
/** a - b without the float noise of the subtraction (accuracies are ratios of counts). */
const difference = (a: number, b: number): number => Number((a - b).toFixed(12));

export function robustnessHeatmap(set: RunSet): Heatmap {
  const aggregatorParams = set.varying.filter((k) => k.startsWith('aggregator.') && k !== AGGREGATOR_KEY);
  const attackParams = set.varying.filter((k) => k.startsWith('attack.') && k !== ATTACK_KEY && k !== FRACTION_KEY);
  const finished = set.runs.filter((r) => !r.interrupted);
  const rule = (run: ReportRun): string => labelWith(formatConfigValue(run.flat.get(AGGREGATOR_KEY)), run, aggregatorParams, set);
  // Other differing values split rows only where they vary under one aggregator (a learning rate
  // that comes with the aggregator's defaults does not).
  const context = set.varying.filter((k) => {
    if (k === SEED_KEY || k.startsWith('aggregator.') || k.startsWith('attack.')) return false;
    const seen = new Map<string, string>();
    return finished.some((run) => {
      const value = JSON.stringify(run.flat.get(k) ?? null);
      const before = seen.get(rule(run));
      seen.set(rule(run), value);
      return before !== undefined && before !== value;
    });
  });

  const described = finished.map((run) => {
    const kind = formatConfigValue(run.flat.get(ATTACK_KEY) ?? 'none');
    const fraction = Number(run.flat.get(FRACTION_KEY) ?? 0);
    const baseline = kind === 'none' || fraction === 0;
    const aggregator = labelWith(rule(run), run, context, set);
    return {
      run,
      aggregator,
      attack: baseline ? 'none' : labelWith(kind, run, attackParams, set),
      fraction: baseline ? 0 : fraction,
      baseline,
      seed: formatConfigValue(run.flat.get(SEED_KEY)),
      final: finalAccuracy(run),
    };
  });
  const baselines = new Map<string, number>();
  for (const d of described) if (d.baseline) baselines.set(JSON.stringify([d.aggregator, d.seed]), d.final);

  const groups = new Map<string, typeof described>();
  for (const d of described) {
    const k = JSON.stringify([d.aggregator, d.attack, d.fraction]);
    groups.set(k, [...(groups.get(k) ?? []), d]);
  }
  const cells = [...groups.values()].map((g) => {
    const impacts = g.flatMap((d) => {
      const base = baselines.get(JSON.stringify([d.aggregator, d.seed]));
      return base === undefined ? [] : [d.baseline ? 0 : difference(base, d.final)];
    });
    return {
      aggregator: g[0].aggregator,
      attack: g[0].attack,
      fraction: g[0].fraction,
      finalAccuracy: mean(g.map((d) => d.final)),
      attackImpact: impacts.length > 0 ? mean(impacts) : undefined,
      seeds: g.length,
    };
  });
  cells.sort((a, b) => a.fraction - b.fraction);
  return { cells, leftOut: set.runs.length - finished.length };
}

const TITLES: Record<HeatmapMeasure, { text: string; subtitle: string }> = {
  finalAccuracy: { text: 'Final test accuracy', subtitle: 'mean over seeds; rows: aggregator, columns: attack' },
  attackImpact: {
    text: 'Attack impact',
    subtitle: 'baseline minus attacked final accuracy, mean over seeds (positive: the attack hurt); rows: aggregator, columns: attack',
  },
};

export function heatmapSpec(heatmap: Heatmap, measure: HeatmapMeasure): TopLevelSpec {
  const values = heatmap.cells
    .filter((c) => c[measure] !== undefined)
    .map((c) => ({ ...c, fractionLabel: `${Number((c.fraction * 100).toFixed(6))}% malicious`, value: c[measure] }));
  const color =
    measure === 'finalAccuracy'
      ? { field: 'value', type: 'quantitative', title: 'final accuracy', scale: { scheme: 'viridis', domain: [0, 1] } }
      : { field: 'value', type: 'quantitative', title: 'attack impact', scale: { scheme: 'redblue', reverse: true, domainMid: 0 } };
  const aggregators = [...new Set(heatmap.cells.map((c) => c.aggregator))];
  const attacks = [...new Set(heatmap.cells.map((c) => c.attack))];
  // Impact colours diverge from 0: the outer part of the larger side is dark.
  const darkBeyond = 0.6 * Math.max(0, ...values.map((v) => Math.abs(v.value ?? 0)));
  return {
    ...chartBase,
    title: TITLES[measure],
    data: { values },
    facet: { column: { field: 'fractionLabel', type: 'ordinal', title: null, sort: { field: 'fraction' } } },
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: { step: 90 },
      height: { step: 36 },
      encoding: {
        x: { field: 'attack', type: 'nominal', title: null, sort: attacks, axis: { labelAngle: -30, labelLimit: 240 } },
        y: { field: 'aggregator', type: 'nominal', title: null, sort: aggregators, axis: { labelLimit: 360 } },
      },
      layer: [
        { mark: { type: 'rect', stroke: 'white' }, encoding: { color } },
        {
          mark: { type: 'text', fontSize: 11 },
          encoding: {
            text: { field: 'value', type: 'quantitative', format: measure === 'finalAccuracy' ? '.3f' : '+.3f' },
            color:
              measure === 'finalAccuracy'
                ? { condition: { test: 'datum.value < 0.6', value: 'white' }, value: 'black' }
                : { condition: { test: `abs(datum.value) > ${darkBeyond}`, value: 'white' }, value: 'black' },
          },
        },
      ],
    },
  } as TopLevelSpec;
}
