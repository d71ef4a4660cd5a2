/**
 * FRL's global model between rounds (Mozaffari et al., "Every Vote Counts", USENIX Security
 * 2023): per layer, the round-0 score values sorted ascending, and the current global scores,
 * which are always a permutation of them. After a vote, the edge at position i of the global
 * ranking receives the i-th smallest round-0 score.
 */
import { sharedFloat32 } from './clients/shared-memory.js';

export class FrlGlobalState {
  /** Round-0 score values of each layer, sorted ascending. */
  readonly sortedInitial: Float32Array[];
  /** Current global scores, per layer. */
  readonly scores: Float32Array[];

  constructor(initialScores: readonly Float32Array[]) {
    this.sortedInitial = initialScores.map((s) => Float32Array.from(s).sort());
    // Shared memory: client worker threads read the global scores in place.
    this.scores = initialScores.map((s) => sharedFloat32(s));
  }

  /** Rebuilds layer `l`'s scores from a global ranking (edge ids, ascending). */
  applyRanking(l: number, ranking: Uint32Array): void {
    const sorted = this.sortedInitial[l];
    const scores = this.scores[l];
    if (ranking.length !== scores.length) throw new RangeError(`layer ${l}: ranking of ${ranking.length} edges, expected ${scores.length}`);
    for (let i = 0; i < ranking.length; i++) scores[ranking[i]] = sorted[i];
  }
}
