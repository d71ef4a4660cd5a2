/** Summary of a partition: client sizes (min / median / max / total), clients without samples, and classes per client. */

export interface PartitionStats {
  min: number;
  median: number;
  max: number;
  total: number;
  /** Clients holding no sample (a partition file may have them; they train on nothing). */
  emptyClients: number;
  classesPerClientMean: number;
}

export function partitionStats(parts: Uint32Array[], labels: Uint8Array, numClasses: number): PartitionStats {
  if (parts.length === 0) return { min: 0, median: 0, max: 0, total: 0, emptyClients: 0, classesPerClientMean: 0 };
  const sizes = parts.map((p) => p.length).sort((a, b) => a - b);
  const mid = sizes.length >> 1;
  const median = sizes.length % 2 === 1 ? sizes[mid] : (sizes[mid - 1] + sizes[mid]) / 2;
  const seen = new Uint8Array(numClasses);
  let classSum = 0;
  for (const p of parts) {
    seen.fill(0);
    for (let k = 0; k < p.length; k++) seen[labels[p[k]]] = 1;
    for (let c = 0; c < numClasses; c++) classSum += seen[c];
  }
  return {
    min: sizes[0],
    median,
    max: sizes[sizes.length - 1],
    total: sizes.reduce((a, b) => a + b, 0),
    emptyClients: parts.filter((p) => p.length === 0).length,
    classesPerClientMean: classSum / parts.length,
  };
}
