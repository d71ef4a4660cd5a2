/**
 * A fedrank attack as a plugin: every malicious client sends the scaled negative of the mean
 * honest update,
 *
 *   u = -s * mean(benign)        (or of the attackers' own honest updates when the attacker
 *                                 does not see the benign ones: attack.seesBenign false)
 *
 * which pushes a mean-like rule the opposite way from where the honest clients go.
 *
 * Parameter (config key under `attack:`): scale, the factor s > 0 (default 3).
 * The default export is the attack's descriptor, the same shape as fedrank's built-in attacks.
 */
import { z } from '@fedrank/server/plugin';

export default {
  kind: 'negative-mean',
  targets: 'weights',
  params: z.strictObject({
    scale: z.number().positive().default(3),
  }),
  create({ scale }) {
    return {
      craft(ctx) {
        const source = ctx.benign ?? ctx.own;
        const dim = ctx.global.length;
        const mean = new Float64Array(dim);
        for (const x of source) {
          for (let j = 0; j < dim; j++) mean[j] += x[j] / source.length;
        }
        const u = new Float32Array(dim);
        for (let j = 0; j < dim; j++) u[j] = -scale * mean[j];
        return Array.from({ length: ctx.count }, () => u.slice());
      },
    };
  },
};
