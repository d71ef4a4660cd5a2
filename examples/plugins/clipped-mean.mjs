/**
 * A fedrank aggregation rule as a plugin: the coordinate-wise clipped mean
 *
 *   y_j = (1/n) * sum_i clip(x_ij, -c, c)
 *
 * of the round's accepted weight deltas x_1..x_n. Each client moves any coordinate by at most c,
 * so no single client can drag the aggregate far; with c large it is FedAvg.
 *
 * Parameter (config key under `aggregator:`): clip, the bound c > 0 (default 0.05).
 * The default export is the rule's descriptor, the same shape as fedrank's built-in rules.
 */
import { z } from '@fedrank/server/plugin';

export default {
  kind: 'clipped-mean',
  consumes: 'weights',
  params: z.strictObject({
    clip: z.number().positive().default(0.05),
  }),
  create({ clip }) {
    return {
      aggregate(updates) {
        const dim = updates[0].length;
        const sum = new Float64Array(dim);
        for (const x of updates) {
          for (let j = 0; j < dim; j++) sum[j] += Math.min(clip, Math.max(-clip, x[j]));
        }
        const y = new Float32Array(dim);
        for (let j = 0; j < dim; j++) y[j] = sum[j] / updates.length;
        return y;
      },
    };
  },
};
