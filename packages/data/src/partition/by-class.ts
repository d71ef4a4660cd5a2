/** Groups sample indices by label (each group in ascending index order). */
export function indicesByClass(labels: Uint8Array, numClasses: number): Uint32Array[] {
  const counts = new Uint32Array(numClasses);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  const groups = Array.from(counts, (n) => new Uint32Array(n));
  const fill = new Uint32Array(numClasses);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    groups[c][fill[c]++] = i;
  }
  return groups;
}
