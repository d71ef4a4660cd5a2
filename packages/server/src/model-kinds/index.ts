/** The model kinds, chosen by what the aggregation rule consumes. */
import { denseKind } from './dense-kind.js';
import type { ModelKind, ModelKindName, UpdateKind } from './model-kind.js';
import { supermaskKind } from './supermask-kind.js';

export * from './model-kind.js';
export { denseKind } from './dense-kind.js';
export { scoresFromRanking, supermaskKind } from './supermask-kind.js';

export const MODEL_KINDS: readonly ModelKind[] = [supermaskKind, denseKind];

export function modelKindByName(name: ModelKindName): ModelKind {
  const kind = MODEL_KINDS.find((k) => k.name === name);
  if (!kind) throw new Error(`unknown model kind '${name}'`);
  return kind;
}

/** The kind whose clients upload what the rule consumes. */
export function modelKindFor(consumes: UpdateKind): ModelKind {
  const kind = MODEL_KINDS.find((k) => k.update === consumes);
  if (!kind) throw new Error(`no model kind uploads ${consumes}`);
  return kind;
}
