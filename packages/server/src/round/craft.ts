/**
 * Craft: what the round's malicious participants send, keyed by client id, given the attack and
 * its threat model:
 * - crafting attacks (rank-reversal, random-ranking, vem; scaling, lie, ...) start from the
 *   honest updates of the collusion pool (`own`) and, when allowed, see the benign updates and
 *   the aggregation rule;
 * - 'malformed' sends updates the server must reject (cycling through the corruption kinds);
 * - 'label-flip' clients trained on flipped labels, so their trained updates are sent as they are.
 */
import type { Rng } from '@fedrank/random';
import { argsortFloat32 } from '@fedrank/voting';
import { DistanceMemo } from '../aggregators/distance-memo.js';
import {
  TrimmedMean,
  createAggregator,
  isSelectingAggregator,
  type AggregationContext,
  type AggregatorSpec,
} from '../aggregators/index.js';
import {
  MALFORMED_RANKING_KINDS,
  MALFORMED_WEIGHT_KINDS,
  malformedRankingUpdate,
  malformedWeightUpdate,
  resolveThreatModel,
  type Attack,
  type AttackSpec,
} from '../attacks/index.js';
import type { ClientUpdate } from '../updates.js';

import type { UpdateKind } from '../model-kinds/index.js';
import type { RoundPlan } from './plan.js';
import type { TrainedClients } from './train.js';

export interface MaliciousRoundInput {
  /** What the model's clients upload. */
  update: UpdateKind;
  attack: Attack;
  spec: AttackSpec;
  aggregatorSpec: AggregatorSpec;
  round: number;
  rng: Rng;
  count: number;
  clientsInRound: number;
  f: number;
  /** Honest updates of the collusion pool. */
  own: readonly ClientUpdate[];
  benign: readonly ClientUpdate[];
  layerSizes: readonly number[];
  /** supermask: the global scores per layer; dense: [flat global parameters]. */
  global: readonly Float32Array[];
  keep: number;
  maskRule: 'reference' | 'top-rank';
  keptPositions?: readonly Uint8Array[];
}

/** True when the round's attack reads the benign participants' updates (so the train stage must keep them). */
export function craftSeesBenign(plan: RoundPlan, attack: Attack, spec: AttackSpec): boolean {
  return plan.participants.some((p) => p.sends === 'crafted') && attack.targets !== 'wire' && resolveThreatModel(spec).seesBenign;
}

/** The crafted update of every participant that sends one, by client id. */
export function craftStage(
  plan: RoundPlan,
  trained: Pick<TrainedClients, 'participants' | 'colluders'>,
  input: Omit<MaliciousRoundInput, 'round' | 'count' | 'clientsInRound' | 'own' | 'benign'>,
): Map<number, ClientUpdate> {
  const targets = plan.participants.filter((p) => p.sends === 'crafted').map((p) => p.clientId);
  const crafted = craftMaliciousUpdates({
    ...input,
    round: plan.round,
    count: targets.length,
    clientsInRound: plan.participants.length,
    own: trained.colluders.map((r) => r.update),
    benign: craftSeesBenign(plan, input.attack, input.spec)
      ? plan.participants.filter((p) => !p.malicious).map((p) => trained.participants.get(p.clientId)!.update)
      : [],
  });
  return new Map(targets.map((clientId, i) => [clientId, crafted[i]]));
}

export function craftMaliciousUpdates(input: MaliciousRoundInput): ClientUpdate[] {
  const { attack, count } = input;
  if (count === 0) return [];
  const threat = resolveThreatModel(input.spec);
  if (attack.targets === 'wire') {
    const ranking = input.update === 'ranking';
    return Array.from({ length: count }, (_, i) => {
      const r = input.rng.derive('malformed', i);
      if (ranking) {
        const kind =
          (attack.name === 'malformed' && attack.malformedKind !== 'nan' ? attack.malformedKind : undefined) ??
          MALFORMED_RANKING_KINDS[i % MALFORMED_RANKING_KINDS.length];
        return { kind: 'ranking', layers: malformedRankingUpdate(kind, input.layerSizes, r) };
      }
      const kind =
        (attack.name === 'malformed' ? attack.malformedKind : undefined) ?? MALFORMED_WEIGHT_KINDS[i % MALFORMED_WEIGHT_KINDS.length];
      return { kind: 'weights', layers: [malformedWeightUpdate(kind, input.layerSizes[0], r)] };
    });
  }
  if (attack.targets === 'ranking') {
    const rankings = (us: readonly ClientUpdate[]) => us.map((u) => u.layers as Uint32Array[]);
    const crafted = attack.craft({
      round: input.round,
      rng: input.rng,
      own: rankings(input.own),
      benign: threat.seesBenign ? rankings(input.benign) : undefined,
      globalRanking: input.global.map((s) => argsortFloat32(s)),
      layerSizes: input.layerSizes,
      count,
      keep: input.keep,
      clientsInRound: input.clientsInRound,
      maskRule: input.maskRule,
      keptPositions: input.keptPositions,
    });
    return crafted.map((layers) => ({ kind: 'ranking', layers }));
  }
  if (attack.targets === 'weights') {
    const flat = (us: readonly ClientUpdate[]) => us.map((u) => u.layers[0] as Float32Array);
    // The attacker's copy of the rule: a fresh instance, so simulating it never touches the
    // server's state (centered clipping's momentum).
    const rule = threat.knowsAggregator ? createAggregator(input.aggregatorSpec) : undefined;
    // Distances shared by a built-in attack and its copy of the rule (a plugin may modify its arrays).
    const distances = 'module' in input.spec ? undefined : new DistanceMemo();
    const ctx: AggregationContext = { f: input.f, round: input.round, rng: input.rng.derive('simulated-rule'), distances };
    const crafted = attack.craft({
      round: input.round,
      rng: input.rng,
      own: flat(input.own),
      benign: threat.seesBenign ? flat(input.benign) : undefined,
      global: input.global[0],
      count,
      clientsInRound: input.clientsInRound,
      f: input.f,
      aggregate: rule && rule.consumes === 'weights' ? (u) => rule.aggregate(u, ctx) : undefined,
      aggregatorName: threat.knowsAggregator ? input.aggregatorSpec.kind : undefined,
      trimmedMeanDropped: rule instanceof TrimmedMean ? rule.dropped(ctx) : undefined,
      selected: rule && rule.consumes === 'weights' && isSelectingAggregator(rule) ? (u) => rule.select(u, ctx) : undefined,
      distances,
    });
    return crafted.map((u) => ({ kind: 'weights', layers: [u] }));
  }
  throw new Error(`attack ${attack.name} crafts no updates`);
}
