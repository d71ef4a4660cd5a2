/** IID partition: shuffle all sample indices and split them into numClients near-equal parts. */
import type { Rng } from '@fedrank/random';

export function partitionIid(count: number, numClients: number, rng: Rng): Uint32Array[] {
  const order = rng.permutation(count);
  const base = Math.floor(count / numClients);
  const extra = count % numClients;
  const parts: Uint32Array[] = [];
  let off = 0;
  for (let c = 0; c < numClients; c++) {
    const size = base + (c < extra ? 1 : 0);
    parts.push(order.slice(off, off + size));
    off += size;
  }
  return parts;
}
