/**
 * The size of the optimal-mechanism LP (optimal.ts) of an instance, computed from its spaces
 * without building it, so a caller can refuse an instance whose program would not fit in memory.
 * Per agent i with |A_i| actions and |S_i| signals, over |A| profiles, |S| joint signals, |Θ| states:
 * z columns |A||S||Θ|, y columns |A_i|^2 |S_i|, report rows |A_i|^2 |S_i|^2 with about
 * |A||S||Θ| / (|A_i||S_i|) nonzeros each.
 */
import type { InfoInstance } from './instance.js';

export interface LpSize {
  columns: number;
  rows: number;
  nonzeros: number;
}

export function optimalLpSize(inst: InfoInstance): LpSize {
  const nA = inst.profiles.size;
  const nS = inst.signals.size;
  const nT = inst.states.length;
  let columns = nA;
  let rows = 1;
  let nonzeros = nA;
  for (const ag of inst.agents) {
    const ai = ag.actions.length;
    const si = ag.signals.length;
    columns += nA * nS * nT + ai * ai * si;
    rows += ai * ai * si * si + ai * ai + ai * si * si;
    nonzeros += ai * si * nA * nS * nT * 3;
  }
  return { columns, rows, nonzeros };
}
