/**
 * Squared distances between update arrays already computed, keyed by the arrays themselves, so that
 * a rule called again on some of the same updates (an attack probing the server's selection with
 * fresh copies among a fixed pool) computes only the pairs it has not seen. Entries are held
 * weakly: an array that is no longer referenced takes its entries with it.
 *
 * Valid only while the arrays it holds are not modified: the craft stage creates one per craft of
 * a built-in attack (the pool is fixed while it crafts) and passes it to the attack and to its copy
 * of the rule.
 */
export class DistanceMemo {
  private readonly pairs = new WeakMap<Float32Array, WeakMap<Float32Array, number>>();

  /** The squared distance of x and y, if recorded. */
  get(x: Float32Array, y: Float32Array): number | undefined {
    return this.pairs.get(x)?.get(y);
  }

  /** True when some distance of x is recorded. */
  has(x: Float32Array): boolean {
    return this.pairs.has(x);
  }

  /** Records the squared distance of x and y (both ways). */
  set(x: Float32Array, y: Float32Array, d: number): void {
    this.row(x).set(y, d);
    this.row(y).set(x, d);
  }

  private row(x: Float32Array): WeakMap<Float32Array, number> {
    let r = this.pairs.get(x);
    if (r === undefined) {
      r = new WeakMap();
      this.pairs.set(x, r);
    }
    return r;
  }
}
