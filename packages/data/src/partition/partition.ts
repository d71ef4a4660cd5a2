/** partitionDataset: deals sample indices to clients according to a PartitionSpec. */
import type { Rng } from '@fedrank/random';
import { checkPartitionArgs, type PartitionSpec } from './spec.js';
import { partitionIid } from './iid.js';
import { partitionDirichlet } from './dirichlet.js';
import { partitionShards } from './shards.js';
import { readPartitionFile } from './partition-file.js';

/** Sample indices per client (client id = array position). Samples are assigned at most once. */
export function partitionDataset(labels: Uint8Array, numClasses: number, numClients: number, spec: PartitionSpec, rng: Rng): Uint32Array[] {
  checkPartitionArgs(labels, numClasses, numClients, spec);
  switch (spec.kind) {
    case 'iid':
      return partitionIid(labels.length, numClients, rng);
    case 'dirichlet':
      return partitionDirichlet(labels, numClasses, numClients, spec.alpha, rng);
    case 'shards':
      return partitionShards(labels, numClasses, numClients, spec.shardsPerClient, rng);
    case 'file':
      return readPartitionFile(spec.path, labels.length, numClients);
  }
}
