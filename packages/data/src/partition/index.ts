/** Partitioners: how a training set's sample indices are dealt to federated clients. */
export type { PartitionSpec } from './spec.js';
export { partitionDataset } from './partition.js';
export { partitionStats, type PartitionStats } from './stats.js';
export { roundHalfEven } from './dirichlet.js';
export { readPartitionFile, formatPartitionFile, PARTITION_FILE_FORMAT } from './partition-file.js';
