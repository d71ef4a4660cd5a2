/** The partition kinds (how training samples are dealt to clients) and their validation. */
import { DataError } from '../errors.js';

export type PartitionSpec =
  | { kind: 'iid' }
  | { kind: 'dirichlet'; alpha: number }
  | { kind: 'shards'; shardsPerClient: number }
  /** A partition file (partition-file.ts); the path as given, resolved by whoever read the config. */
  | { kind: 'file'; path: string };

/** Throws a DataError (field `partition.*` / `numClients`) if the arguments cannot be partitioned. */
export function checkPartitionArgs(labels: Uint8Array, numClasses: number, numClients: number, spec: PartitionSpec): void {
  if (!Number.isInteger(numClients) || numClients < 1) {
    throw new DataError('numClients', `numClients: expected a positive integer, got ${numClients}`);
  }
  if (!Number.isInteger(numClasses) || numClasses < 1 || numClasses > 256) {
    throw new DataError('numClasses', `numClasses: expected an integer in 1..256, got ${numClasses}`);
  }
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= numClasses) {
      throw new DataError('labels', `labels: expected values in 0..${numClasses - 1}, found ${labels[i]} at index ${i}`);
    }
  }
  switch (spec.kind) {
    case 'iid':
      return;
    case 'dirichlet':
      if (!(Number.isFinite(spec.alpha) && spec.alpha > 0)) {
        throw new DataError('partition.alpha', `partition.alpha: expected a finite number > 0, got ${spec.alpha}`);
      }
      return;
    case 'shards': {
      const k = spec.shardsPerClient;
      if (!Number.isInteger(k) || k < 1) {
        throw new DataError('partition.shardsPerClient', `partition.shardsPerClient: expected a positive integer, got ${k}`);
      }
      if (numClients * k > labels.length) {
        throw new DataError(
          'partition.shardsPerClient',
          `partition.shardsPerClient: expected numClients*shardsPerClient <= ${labels.length} samples, got ${numClients}*${k}`,
        );
      }
      return;
    }
    case 'file':
      if (typeof spec.path !== 'string' || spec.path === '') {
        throw new DataError('partition.path', `partition.path: expected the path of a partition file, got ${String(spec.path)}`);
      }
      return;
    default: {
      const kind: unknown = (spec as { kind: unknown }).kind;
      throw new DataError('partition.kind', `partition.kind: expected iid, dirichlet, shards or file, got ${String(kind)}`);
    }
  }
}
