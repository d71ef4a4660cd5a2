/**
 * Supermask model kind (FRL, Mozaffari et al., USENIX Security 2023): edge-popup scores over
 * frozen random weights. Clients upload per-layer rankings of their scores; the server's ranking
 * rule (Borda vote) returns a global ranking per layer, and the edge at position i of that
 * ranking receives the i-th smallest round-0 score, so the global scores stay a permutation of
 * the round-0 values.
 */
import { effectiveWeights, initSupermask, rankingsOf, SupermaskClientTrainer } from '@fedrank/supermask';
import type { ModelConstants, ModelKind } from './model-kind.js';

function sortedCopies(params: readonly Float32Array[]): Float32Array[] {
  return params.map((s) => Float32Array.from(s).sort());
}

/** Rebuilds one layer's scores from a global ranking (edge ids, ascending). */
export function scoresFromRanking(sorted: Float32Array, ranking: Uint32Array): Float32Array {
  if (ranking.length !== sorted.length) throw new RangeError(`ranking of ${ranking.length} edges, expected ${sorted.length}`);
  const scores = new Float32Array(sorted.length);
  for (let i = 0; i < ranking.length; i++) scores[ranking[i]] = sorted[i];
  return scores;
}

export const supermaskKind: ModelKind = {
  name: 'supermask',
  update: 'ranking',
  init(arch, rng, keep, maskRule) {
    const init = initSupermask(arch, rng);
    return { params: init.scores, constants: { frozen: init.weights, sortedInitial: sortedCopies(init.scores), keep, maskRule } };
  },
  constants(frozen, initialParams, keep, maskRule): ModelConstants {
    return { frozen, sortedInitial: sortedCopies(initialParams), keep, maskRule };
  },
  slotSizes: (_arch, layerSizes) => [...layerSizes],
  async trainLocal(arch, constants, params, data, indices, training, rng) {
    const trainer = new SupermaskClientTrainer(
      arch,
      constants.frozen,
      params,
      data,
      indices,
      { ...training, keep: constants.keep, maskRule: constants.maskRule },
      rng,
    );
    const r = await trainer.train();
    return { update: { kind: 'ranking', layers: rankingsOf(r.scores) }, meanLoss: r.meanLoss, steps: r.steps, samples: r.samples };
  },
  applyAggregate(rule, accepted, ctx, params, constants) {
    if (accepted.length === 0) return params as Float32Array[];
    if (rule.consumes !== 'ranking') throw new Error(`aggregator ${rule.name} consumes weights; a supermask needs a ranking rule`);
    const layerSizes = params.map((p) => p.length);
    const ranking = rule.aggregate(
      accepted.map((u) => u.layers as Uint32Array[]),
      layerSizes,
      ctx,
    );
    return ranking.map((r, l) => scoresFromRanking(constants.sortedInitial[l], r));
  },
  savedLayout: (arch) => ({ weights: arch.layers.map((l) => l.size), scores: arch.layers.map((l) => l.size) }),
  toSaved: (constants, params) => ({ weights: constants.frozen, scores: params as Float32Array[] }),
  fromSaved(saved, keep, maskRule) {
    return { params: saved.scores, constants: { frozen: saved.weights, sortedInitial: sortedCopies(saved.scores), keep, maskRule } };
  },
  inference(arch, constants, params) {
    return { weights: effectiveWeights(arch, constants.frozen, params, constants.keep, constants.maskRule) };
  },
  describe: (saved) => `supermask ${saved.arch.name}, ${saved.maskRule} mask`,
  postTrainingMismatch(saved, config) {
    if (config.aggregator !== 'frl-vote') {
      return {
        field: 'aggregator.kind',
        message: `is a supermask: post-training aggregates its rankings with frl-vote, got ${config.aggregator}`,
      };
    }
    if (config.keep !== saved.keep) return { field: 'model.keep', message: `keeps ${saved.keep}, the config says ${config.keep}` };
    if (config.maskRule !== saved.maskRule) {
      return { field: 'model.maskRule', message: `uses the ${saved.maskRule} mask rule, the config says ${config.maskRule}` };
    }
    return undefined;
  },
};
