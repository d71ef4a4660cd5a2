/**
 * Chernoff (KL) confidence bounds for a probability estimated from n draws (Garivier & Cappé 2011):
 *   upper(p̂, n, L) = max { q >= p̂ : n kl(p̂, q) <= L },   lower = min { q <= p̂ : n kl(p̂, q) <= L },
 *   kl(p, q) = p ln(p/q) + (1-p) ln((1-p)/(1-q)),
 * each side failing with probability <= e^(-L). Near 0 and 1 they are O(L/n) wide instead of the
 * O(sqrt(L/n)) of Hoeffding, which matters for the many impossible joint signals.
 */
export function bernoulliKl(p: number, q: number): number {
  const t = (x: number, y: number): number => (x === 0 ? 0 : x * Math.log(x / y));
  return t(p, q) + t(1 - p, 1 - q);
}

function bisect(lo: number, hi: number, inside: (q: number) => boolean, towardsHi: boolean): number {
  // inside(start) is true; find the boundary of the region in the given direction
  let a = towardsHi ? lo : hi; // inside
  let b = towardsHi ? hi : lo; // maybe outside
  if (inside(b)) return b;
  for (let k = 0; k < 60; k++) {
    const m = (a + b) / 2;
    if (inside(m)) a = m;
    else b = m;
  }
  return b; // the outside end: a conservative (slightly wider) bound
}

export function klUpper(pHat: number, n: number, L: number): number {
  if (n <= 0) return 1;
  return bisect(pHat, 1, (q) => n * bernoulliKl(pHat, q) <= L, true);
}

export function klLower(pHat: number, n: number, L: number): number {
  if (n <= 0) return 0;
  return bisect(0, pHat, (q) => n * bernoulliKl(pHat, q) <= L, false);
}
