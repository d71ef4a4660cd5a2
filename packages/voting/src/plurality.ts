/**
 * Plurality (relative-majority) vote: the winner is the key with the most votes,
 * count(k) = |{ i : include(x_i) and key(x_i) = k }|, winner = argmax_k count(k).
 * Ties go to the key whose first vote came earliest (as Python's Counter.most_common(1), which
 * MM-UPT, arXiv 2505.22453, uses to pick its pseudo-label). The returned winner is the first item
 * that voted for the winning key.
 */

export interface PluralityOptions<T> {
  /** The value items are compared by; defaults to String(item). */
  key?: (item: T) => string;
  /** Items for which this returns false do not vote; defaults to every item voting. */
  include?: (item: T) => boolean;
}

export interface PluralityResult<T> {
  /** The first item that voted for the winning key; undefined when nobody voted. */
  winner: T | undefined;
  /** Votes for the winning key (0 when nobody voted). */
  count: number;
  /** Votes per key, in order of each key's first vote. */
  counts: Map<string, number>;
}

export function plurality<T>(items: readonly T[], options: PluralityOptions<T> = {}): PluralityResult<T> {
  const key = options.key ?? ((t: T) => String(t));
  const include = options.include;
  const counts = new Map<string, number>();
  const firstItem = new Map<string, T>();
  for (const item of items) {
    if (include !== undefined && !include(item)) continue;
    const k = key(item);
    const c = counts.get(k);
    if (c === undefined) {
      counts.set(k, 1);
      firstItem.set(k, item);
    } else {
      counts.set(k, c + 1);
    }
  }
  let winner: T | undefined;
  let best = 0;
  // Map iteration follows first-vote order, so a strict '>' keeps the earliest key on ties.
  for (const [k, c] of counts) {
    if (c > best) {
      best = c;
      winner = firstItem.get(k);
    }
  }
  return { winner, count: best, counts };
}
