/**
 * A fedrank ranking rule as a plugin, in place of FRL's Borda vote: each edge's global rank is
 * the median of its positions in the clients' rankings,
 *
 *   s(e) = median_c pos_c(e),   global ranking = edges by ascending s (ties: lower edge id first)
 *
 * where pos_c(e) is edge e's position in client c's ranking of its layer (0 = lowest score). The
 * Borda vote sums positions, so a few clients reversing their rankings shift every sum; the median
 * moves only when they are a large share of the round.
 *
 * No parameters. The default export is the rule's descriptor, the same shape as fedrank's
 * built-in rules; `consumes: 'ranking'` makes the run train supermasks, as frl-vote does.
 */
import { z } from '@fedrank/server/plugin';

export default {
  kind: 'median-rank',
  consumes: 'ranking',
  params: z.strictObject({}),
  create() {
    return {
      aggregate(rankings, layerSizes) {
        const k = rankings.length;
        return layerSizes.map((n, l) => {
          const pos = new Uint32Array(n * k); // pos[e * k + c]
          rankings.forEach((layers, c) => {
            const r = layers[l];
            for (let p = 0; p < n; p++) pos[r[p] * k + c] = p;
          });
          const median = new Float64Array(n);
          for (let e = 0; e < n; e++) {
            const col = pos.subarray(e * k, e * k + k).sort();
            median[e] = k % 2 === 1 ? col[(k - 1) / 2] : (col[k / 2 - 1] + col[k / 2]) / 2;
          }
          const ids = Uint32Array.from({ length: n }, (_, i) => i);
          return ids.sort((a, b) => median[a] - median[b] || a - b);
        });
      },
    };
  },
};
