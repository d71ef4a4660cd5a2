/**
 * Loss aggregation over ragged, masked token arrays (EasyR1's average_loss):
 *   token-mean:    sum_{i,t} m_it x_it / sum_{i,t} m_it           (every token weighs the same)
 *   sequence-mean: (1/N) sum_i [ sum_t m_it x_it / sum_t m_it ]   (every sequence weighs the same)
 * MM-UPT (arXiv 2505.22453) uses token-mean. A sequence with no unmasked token contributes 0 to
 * the sequence-mean but still counts in N (as with the reference's eps in the denominator);
 * an empty batch aggregates to 0.
 */
import { RewardsError } from './errors.js';

/** Per-sequence token values; rows may have different lengths. */
export type Ragged = readonly (readonly number[])[];
/** Per-token weights (usually 0/1 or booleans), same shape as the values. */
export type RaggedMask = readonly (readonly (number | boolean)[])[];

export type Aggregation = 'token' | 'seq';

function weight(mask: RaggedMask | undefined, i: number, t: number): number {
  if (mask === undefined) return 1;
  const m = mask[i][t];
  return typeof m === 'boolean' ? (m ? 1 : 0) : m;
}

export function checkMaskShape(values: Ragged, mask: RaggedMask | undefined, field = 'mask'): void {
  if (mask === undefined) return;
  if (mask.length !== values.length) {
    throw new RewardsError(`${field} has ${mask.length} rows, the values ${values.length}`, field);
  }
  for (let i = 0; i < values.length; i++) {
    if (mask[i].length !== values[i].length) {
      throw new RewardsError(`${field}[${i}] has ${mask[i].length} entries, the values ${values[i].length}`, field);
    }
  }
}

export function tokenMean(values: Ragged, mask?: RaggedMask): number {
  checkMaskShape(values, mask);
  let num = 0;
  let den = 0;
  for (let i = 0; i < values.length; i++) {
    const row = values[i];
    for (let t = 0; t < row.length; t++) {
      const w = weight(mask, i, t);
      if (w === 0) continue;
      num += w * row[t];
      den += w;
    }
  }
  return den === 0 ? 0 : num / den;
}

export function sequenceMean(values: Ragged, mask?: RaggedMask): number {
  checkMaskShape(values, mask);
  if (values.length === 0) return 0;
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const row = values[i];
    let num = 0;
    let den = 0;
    for (let t = 0; t < row.length; t++) {
      const w = weight(mask, i, t);
      if (w === 0) continue;
      num += w * row[t];
      den += w;
    }
    if (den !== 0) total += num / den;
  }
  return total / values.length;
}

export function aggregate(values: Ragged, mode: Aggregation, mask?: RaggedMask): number {
  if (mode === 'token') return tokenMean(values, mask);
  if (mode === 'seq') return sequenceMean(values, mask);
  throw new RewardsError(`aggregation must be 'token' or 'seq', got ${String(mode)}`, 'aggregation');
}
