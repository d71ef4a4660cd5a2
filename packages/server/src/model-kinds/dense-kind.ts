/**
 * Dense model kind (the weight-based rules): the global model is one flat vector of parameters
 * (per layer its weights, then its bias). Clients upload the weight delta of their local
 * training; the server applies global + serverLr * aggregate.
 */
import { denseLayout, denseSlotSizes, initDense, splitParams, trainDenseClient } from '@fedrank/supermask';
import type { ModelKind } from './model-kind.js';

export const denseKind: ModelKind = {
  name: 'dense',
  update: 'weights',
  init(arch, rng, keep, maskRule) {
    return { params: [initDense(arch, rng)], constants: { frozen: [], sortedInitial: [], keep, maskRule } };
  },
  constants: (_frozen, _initial, keep, maskRule) => ({ frozen: [], sortedInitial: [], keep, maskRule }),
  slotSizes: (arch) => denseSlotSizes(arch),
  async trainLocal(arch, _constants, params, data, indices, training, rng) {
    const r = await trainDenseClient(arch, params[0], data, indices, training, rng);
    return { update: { kind: 'weights', layers: [r.delta] }, meanLoss: r.meanLoss, steps: r.steps, samples: r.samples };
  },
  applyAggregate(rule, accepted, ctx, params, _constants, serverLr) {
    if (accepted.length === 0) return params as Float32Array[];
    if (rule.consumes !== 'weights') throw new Error(`aggregator ${rule.name} consumes rankings; a dense model needs a weight rule`);
    const agg = rule.aggregate(
      accepted.map((u) => u.layers[0] as Float32Array),
      ctx,
    );
    const next = Float32Array.from(params[0]);
    for (let i = 0; i < next.length; i++) next[i] += serverLr * agg[i];
    return [next];
  },
  savedLayout: (arch) => ({ weights: [denseLayout(arch).total] }),
  toSaved: (_constants, params) => ({ weights: params as Float32Array[], scores: [] }),
  fromSaved: (saved, keep, maskRule) => ({ params: saved.weights, constants: { frozen: [], sortedInitial: [], keep, maskRule } }),
  inference(arch, _constants, params) {
    return splitParams(arch, Float32Array.from(params[0]));
  },
  describe: (saved) => `dense ${saved.arch.name}`,
  postTrainingMismatch: (_saved, config) =>
    config.consumes === 'weights'
      ? undefined
      : { field: 'aggregator.kind', message: `is dense: post-training needs a weight rule such as fedavg, got ${config.aggregator}` },
};
