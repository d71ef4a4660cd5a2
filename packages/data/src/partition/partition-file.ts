/**
 * Partition files: a client split stored as JSON, so that a run can use exactly the split of a
 * paper or of another run. Format `fedrank-partition/1`:
 *
 *   { "format": "fedrank-partition/1", "trainSize": N, "clients": [[train indices of client 0], ...] }
 *
 * plus optional free-text fields (e.g. `description`: origin and licence). Client i of the file is
 * client i of the run. An index may appear at most once; an empty client is allowed.
 */
import { readFileSync } from 'node:fs';
import { DataError } from '../errors.js';

export const PARTITION_FILE_FORMAT = 'fedrank-partition/1';

/** Reads and checks a partition file against the training set's size and the client count; one array of indices per client. */
export function readPartitionFile(path: string, trainSize: number, numClients: number): Uint32Array[] {
  const fail = (key: string, message: string): never => {
    throw new DataError(key, `partition file ${path}: ${key ? `${key}: ` : ''}${message}`);
  };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return fail('', code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? String(e)})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return fail('', `not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    return fail('', 'expected a JSON object with format, trainSize and clients');
  const file = doc as Record<string, unknown>;
  if (file.format !== PARTITION_FILE_FORMAT) fail('format', `expected "${PARTITION_FILE_FORMAT}", got ${JSON.stringify(file.format)}`);
  if (file.trainSize !== trainSize) {
    fail('trainSize', `expected ${trainSize} (the size of the training set), got ${JSON.stringify(file.trainSize)}`);
  }
  const clients = file.clients;
  if (!Array.isArray(clients)) return fail('clients', 'expected a list with one list of training-set indices per client');
  if (clients.length !== numClients) fail('clients', `expected ${numClients} clients (federation.clients), got ${clients.length}`);
  const owner = new Int32Array(trainSize).fill(-1);
  return clients.map((list: unknown, c) => {
    if (!Array.isArray(list)) return fail(`clients[${c}]`, 'expected a list of training-set indices');
    const part = new Uint32Array(list.length);
    list.forEach((index: unknown, k) => {
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= trainSize) {
        fail(`clients[${c}][${k}]`, `expected an integer index in 0..${trainSize - 1}, got ${JSON.stringify(index)}`);
      }
      const i = index as number;
      if (owner[i] !== -1)
        fail(`clients[${c}][${k}]`, `index ${i} already belongs to client ${owner[i]}; a sample may belong to one client only`);
      owner[i] = c;
      part[k] = i;
    });
    return part;
  });
}

/** The text of a partition file: one client per line, so that files diff well. */
export function formatPartitionFile(parts: readonly Uint32Array[], trainSize: number, description: string): string {
  const head = JSON.stringify({ format: PARTITION_FILE_FORMAT, description, trainSize });
  const clients = parts.map((p) => JSON.stringify(Array.from(p))).join(',\n');
  return `${head.slice(0, -1)},"clients":[\n${clients}\n]}\n`;
}
