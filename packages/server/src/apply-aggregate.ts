/**
 * The server's step: the rule aggregates the round's accepted updates and the global model
 * moves. FRL: each layer's global ranking rebuilds the scores from the round-0 values. Weight
 * rules: global += serverLr * aggregate.
 */
import type { AggregationContext, Aggregator } from './aggregators/index.js';
import type { FrlGlobalState } from './frl-global-state.js';
import type { ClientUpdate } from './updates.js';

export function applyAggregate(
  aggregator: Aggregator,
  accepted: readonly ClientUpdate[],
  ctx: AggregationContext,
  model: { state?: FrlGlobalState; global: readonly Float32Array[]; layerSizes: readonly number[]; serverLr: number },
): void {
  if (accepted.length === 0) return;
  if (aggregator.consumes === 'ranking') {
    if (!model.state) throw new Error('a ranking rule needs the FRL global state');
    const ranking = aggregator.aggregate(
      accepted.map((u) => u.layers as Uint32Array[]),
      model.layerSizes,
      ctx,
    );
    ranking.forEach((r, l) => model.state!.applyRanking(l, r));
    return;
  }
  const agg = aggregator.aggregate(
    accepted.map((u) => u.layers[0] as Float32Array),
    ctx,
  );
  const g = model.global[0];
  for (let i = 0; i < g.length; i++) g[i] += model.serverLr * agg[i];
}
