/**
 * Shard partition (McMahan et al.'s pathological non-IID split): sort sample indices by label,
 * cut them into numClients*shardsPerClient equal shards (the last count mod #shards samples are
 * dropped), and deal the shards to clients in random order, shardsPerClient each. A client sees
 * at most shardsPerClient classes when class sizes are multiples of the shard size (at most
 * twice that otherwise, since a shard can straddle two classes).
 */
import type { Rng } from '@fedrank/random';
import { indicesByClass } from './by-class.js';

export function partitionShards(
  labels: Uint8Array,
  numClasses: number,
  numClients: number,
  shardsPerClient: number,
  rng: Rng,
): Uint32Array[] {
  const sorted = new Uint32Array(labels.length);
  let off = 0;
  for (const group of indicesByClass(labels, numClasses)) {
    sorted.set(group, off);
    off += group.length;
  }
  const numShards = numClients * shardsPerClient;
  const shardSize = Math.floor(labels.length / numShards);
  const order = rng.permutation(numShards);
  const parts: Uint32Array[] = [];
  for (let c = 0; c < numClients; c++) {
    const part = new Uint32Array(shardsPerClient * shardSize);
    for (let k = 0; k < shardsPerClient; k++) {
      const s = order[c * shardsPerClient + k];
      part.set(sorted.subarray(s * shardSize, (s + 1) * shardSize), k * shardSize);
    }
    parts.push(part);
  }
  return parts;
}
