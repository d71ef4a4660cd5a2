/** The first key path (sorted keys, depth first) where two JSON values differ ('(root)' for the roots), or undefined if equal. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (a === b) return undefined;
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';
  if (!isObj(a) || !isObj(b) || Array.isArray(a) !== Array.isArray(b)) return path || '(root)';
  if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) return path || '(root)';
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const d = firstDifference(a[k], b[k], path ? `${path}.${k}` : k);
    if (d !== undefined) return d;
  }
  return undefined;
}
