/**
 * Communication per run: the bytes one client uploads per round (log scale) with two reference
 * lines from the run's summary, the float32 size of the model (what FedAvg sends) and, for
 * ranking uploads, the information content of the rankings (sum over layers of log2(n_l!) bits,
 * the least any lossless ranking code can average); and the cumulative bytes all clients uploaded.
 */
import type { TopLevelSpec } from 'vega-lite';
import { categoryScale, chartBase } from './chart-theme.js';
import type { RunSet } from './run-set.js';

export interface CommunicationPoint {
  readonly run: string;
  readonly round: number;
  readonly perClient: number;
  readonly cumulative: number;
}

export interface ReferenceLine {
  readonly reference: string;
  readonly bytes: number;
  /** Text beside the line: on the highest line of each reference only, with the range of values. */
  readonly label?: string;
}

export function communicationPoints(set: RunSet): CommunicationPoint[] {
  const points: CommunicationPoint[] = [];
  for (const run of set.runs) {
    let total = 0;
    for (const r of run.rounds) {
      if (r.uploadBytesPerClient === undefined || r.uploadBytes === undefined) continue;
      total += r.uploadBytes;
      points.push({ run: run.label, round: r.round, perClient: r.uploadBytesPerClient, cumulative: total });
    }
  }
  return points;
}

const bytesText = (b: number): string => `${Math.round(b).toLocaleString('en-US')} B`;

/** Distinct reference lines over the runs (runs of one model share them). */
export function referenceLines(set: RunSet): ReferenceLine[] {
  const byReference = new Map<string, Set<number>>();
  const add = (reference: string, bytes: number | undefined): void => {
    if (bytes === undefined || !(bytes > 0)) return;
    byReference.set(reference, (byReference.get(reference) ?? new Set<number>()).add(bytes));
  };
  for (const run of set.runs) {
    const c = run.summary?.communication;
    add('float32 model', c?.float32BytesPerUpload);
    if (c?.codec?.startsWith('ranking')) add('log2(n!) bound', c.informationBytesPerUpload);
  }
  return [...byReference].flatMap(([reference, values]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const top = sorted[sorted.length - 1];
    const range = sorted.length > 1 ? `${bytesText(sorted[0])} to ${bytesText(top)}` : bytesText(top);
    return sorted.map((bytes) => (bytes === top ? { reference, bytes, label: `${reference} ${range}` } : { reference, bytes }));
  });
}

export function hasCommunication(set: RunSet): boolean {
  return communicationPoints(set).length > 0;
}

export function communicationSpec(set: RunSet): TopLevelSpec {
  const points = communicationPoints(set);
  const refs = referenceLines(set);
  const color = { field: 'run', type: 'nominal', title: 'run', sort: null, scale: categoryScale(set.runs.length) } as const;
  const x = { field: 'round', type: 'quantitative', title: 'round', axis: { tickMinStep: 1 }, scale: { nice: false } } as const;
  const perRound = {
    title: 'Upload bytes per client per round',
    width: 380,
    height: 280,
    layer: [
      {
        data: { values: points },
        mark: { type: 'line', point: { size: 20 } },
        encoding: { x, y: { field: 'perClient', type: 'quantitative', title: 'bytes', scale: { type: 'log' } }, color },
      },
      ...(refs.length > 0
        ? [
            {
              data: { values: refs },
              mark: { type: 'rule', strokeDash: [5, 4], color: '#555' },
              encoding: { y: { field: 'bytes', type: 'quantitative' } },
            },
            {
              data: { values: refs.filter((r) => r.label !== undefined) },
              mark: { type: 'text', align: 'right', baseline: 'bottom', dx: -2, dy: -2, fontSize: 10, color: '#333' },
              encoding: { x: { value: 380 }, y: { field: 'bytes', type: 'quantitative' }, text: { field: 'label' } },
            },
          ]
        : []),
    ],
  };
  const cumulative = {
    title: 'Cumulative upload bytes (all clients)',
    width: 380,
    height: 280,
    data: { values: points },
    mark: { type: 'line', point: { size: 20 } },
    encoding: { x, y: { field: 'cumulative', type: 'quantitative', title: 'bytes', axis: { format: '~s' } }, color },
  };
  return { ...chartBase, hconcat: [perRound, cumulative], resolve: { scale: { color: 'shared' } } } as TopLevelSpec;
}
