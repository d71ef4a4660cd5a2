/**
 * Test accuracy against round, one line per series (runs that differ only in their seed), coloured
 * by the config values that differ between runs. A series of several runs is drawn as the mean
 * over its runs with a band from the lowest to the highest run at each round.
 */
import type { TopLevelSpec } from 'vega-lite';
import { categoryScale, chartBase } from './chart-theme.js';
import type { RunSet } from './run-set.js';

export interface AccuracyPoint {
  readonly series: string;
  readonly round: number;
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
  /** Runs of the series that evaluated this round. */
  readonly runs: number;
}

export function accuracyPoints(set: RunSet): AccuracyPoint[] {
  const bySeries = new Map<string, Map<number, number[]>>();
  for (const run of set.runs) {
    const rounds = bySeries.get(run.series) ?? new Map<number, number[]>();
    bySeries.set(run.series, rounds);
    for (const r of run.rounds) rounds.set(r.round, [...(rounds.get(r.round) ?? []), r.accuracy]);
  }
  const points: AccuracyPoint[] = [];
  for (const [series, rounds] of bySeries) {
    for (const [round, xs] of [...rounds].sort((a, b) => a[0] - b[0])) {
      points.push({
        series,
        round,
        mean: xs.reduce((a, b) => a + b, 0) / xs.length,
        lo: Math.min(...xs),
        hi: Math.max(...xs),
        runs: xs.length,
      });
    }
  }
  return points;
}

export function accuracySpec(set: RunSet): TopLevelSpec {
  const points = accuracyPoints(set);
  const banded = points.some((p) => p.runs > 1);
  const series = [...new Set(points.map((p) => p.series))];
  const scale = { ...categoryScale(series.length), domain: series };
  // The band's layer shares the legend: its symbols are drawn opaque, as the lines are.
  const legend = { symbolOpacity: 1, symbolType: 'circle' };
  const color = { field: 'series', type: 'nominal', title: set.seriesTitle, sort: null, scale, legend } as const;
  const x = { field: 'round', type: 'quantitative', title: 'round', axis: { tickMinStep: 1 }, scale: { nice: false } } as const;
  return {
    ...chartBase,
    title: banded ? { text: 'Test accuracy', subtitle: 'mean over seeds; band: lowest to highest seed' } : 'Test accuracy',
    width: 560,
    height: 320,
    data: { values: points },
    layer: [
      ...(banded
        ? [
            {
              mark: { type: 'area', opacity: 0.18 },
              encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color },
            } as const,
          ]
        : []),
      {
        mark: { type: 'line', point: { size: 24 } },
        encoding: { x, y: { field: 'mean', type: 'quantitative', title: 'test accuracy', scale: { domain: [0, 1] } }, color },
      },
    ],
  };
}
