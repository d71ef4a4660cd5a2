/**
 * The public entry point for user plugins (`import { z } from '@fedrank/server/plugin'`): the zod
 * fedrank validates configs with, and the types a plugin's descriptor and objects follow. A
 * plugin may instead import zod from its own dependencies; fedrank only calls its schema's
 * safeParse.
 */
export { z } from 'zod';
export type { UserAggregatorDescriptor } from './aggregators/user-aggregator.js';
export type { AggregatorCommon } from './aggregators/descriptor.js';
export type { AggregationContext, RankingAggregator, WeightAggregator, SelectingWeightAggregator } from './aggregators/types.js';
export type { UserAttackDescriptor } from './attacks/user-attack.js';
export type { RankingAttackContext, WeightAttackContext } from './attacks/types.js';
export type { ParamSchema } from './plugins/param-schema.js';
export type { UserDataset, UserDatasetDescriptor, UserDatasetSplit } from './plugins/user-dataset.js';
export type { UserArchitectureDescriptor } from './plugins/user-architecture.js';
export type { LayerOp } from '@fedrank/supermask';
