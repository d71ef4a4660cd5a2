/**
 * Seeded pseudo-random generator: xoshiro128** (Blackman & Vigna), state seeded by splitmix32.
 * Independent streams are derived by name (`derive('partition')`), so adding a random draw to one
 * part of a run never shifts the numbers of another part.
 */
import { loadNative, NATIVE_MIN_LENGTH } from '@fedrank/native';

const native = loadNative();
const nativeState = new Uint32Array(4);

/** 32-bit string/number hash (cyrb53 folded to 32 bits) used to derive stream seeds. */
export function hashSeed(...parts: (string | number)[]): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const text = parts.map(String).join('\u0000');
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | null = null;
  /** The seed this generator was built from (after derivation). */
  readonly seed: number;

  constructor(seed: number) {
    this.seed = seed >>> 0;
    const sm = splitmix32(this.seed);
    this.a = sm();
    this.b = sm();
    this.c = sm();
    this.d = sm();
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** A new independent generator for the named sub-stream. Does not advance this one. */
  derive(...names: (string | number)[]): Rng {
    return new Rng(hashSeed(this.seed, ...names));
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  float(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform in [lo, hi). */
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.float();
  }

  /** Uniform integer in [0, n), unbiased (rejection sampling). */
  int(n: number): number {
    if (!(n > 0) || !Number.isInteger(n)) throw new RangeError(`Rng.int: n must be a positive integer, got ${n}`);
    if (n <= 0x100000000) {
      const limit = 0x100000000 - (0x100000000 % n);
      for (;;) {
        const x = this.nextUint32();
        if (x < limit) return x % n;
      }
    }
    return Math.floor(this.float() * n);
  }

  /** Standard normal (Box-Muller, polar form). */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== null) {
      const s = this.spareNormal;
      this.spareNormal = null;
      return mean + std * s;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = this.float() * 2 - 1;
      v = this.float() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * m;
    return mean + std * u * m;
  }

  /**
   * out[i] = normal() for i = 0, 1, ... in order: the same draws, the same values and the same
   * generator state (spare included) afterwards, with the generator inlined (several times faster
   * on the millions of draws of a noise attack).
   */
  fillNormals(out: Float64Array): Float64Array {
    let i = 0;
    if (out.length > 0 && this.spareNormal !== null) {
      out[i++] = 0 + this.spareNormal;
      this.spareNormal = null;
    }
    let { a, b, c, d } = this;
    // Four draws per attempt (two uniforms of 53 bits), the generator written out each time.
    const w = new Uint32Array(4);
    while (i < out.length) {
      let u: number;
      let v: number;
      let s: number;
      do {
        for (let k = 0; k < 4; k++) {
          w[k] = Math.imul(rotl(Math.imul(b, 5), 7), 9);
          const t = b << 9;
          c ^= a;
          d ^= b;
          b ^= c;
          a ^= d;
          c ^= t;
          d = (d << 11) | (d >>> 21);
        }
        u = (((w[0] >>> 5) * 67108864 + (w[1] >>> 6)) / 9007199254740992) * 2 - 1;
        v = (((w[2] >>> 5) * 67108864 + (w[3] >>> 6)) / 9007199254740992) * 2 - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const m = Math.sqrt((-2 * Math.log(s)) / s);
      out[i++] = 0 + u * m;
      if (i < out.length) out[i++] = 0 + v * m;
      else this.spareNormal = v * m;
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    return out;
  }

  /** Gamma(shape, 1) by Marsaglia & Tsang (2000); shape < 1 via the boost U^(1/shape). */
  gamma(shape: number): number {
    if (!(shape > 0)) throw new RangeError(`Rng.gamma: shape must be > 0, got ${shape}`);
    if (shape < 1) {
      const u = this.float();
      return this.gamma(shape + 1) * Math.pow(u === 0 ? Number.MIN_VALUE : u, 1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.float();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** A draw from Dirichlet(alpha) (normalized gammas). */
  dirichlet(alpha: ArrayLike<number>): Float64Array {
    const out = new Float64Array(alpha.length);
    let sum = 0;
    for (let i = 0; i < alpha.length; i++) {
      const g = this.gamma(alpha[i]);
      out[i] = g;
      sum += g;
    }
    if (sum === 0) {
      out.fill(1 / alpha.length);
      return out;
    }
    for (let i = 0; i < out.length; i++) out[i] /= sum;
    return out;
  }

  /** Fisher-Yates shuffle in place; returns the same array. */
  shuffle<T extends { length: number; [i: number]: unknown }>(arr: T): T {
    if (arr instanceof Uint32Array) {
      this.shuffleUint32(arr);
      return arr;
    }
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = arr[i];
      arr[i] = arr[j];
      arr[j] = t;
    }
    return arr;
  }

  /**
   * shuffle() on a Uint32Array with the generator inlined: the same draws (nextUint32, and int()'s
   * rejection of x >= 2^32 - 2^32 mod n, tested as x - x mod n > 2^32 - n, the same condition)
   * and so the same permutation, several times faster on the 1.6M-edge rankings; natively (the
   * same loop) where the addon is built.
   */
  private shuffleUint32(arr: Uint32Array): void {
    if (native.available && arr.length >= NATIVE_MIN_LENGTH) {
      // The same loop in the native addon (the same draws and permutation, the state written back).
      nativeState[0] = this.a;
      nativeState[1] = this.b;
      nativeState[2] = this.c;
      nativeState[3] = this.d;
      native.kernels.shuffleUint32(arr, nativeState);
      [this.a, this.b, this.c, this.d] = nativeState;
      return;
    }
    let { a, b, c, d } = this;
    for (let i = arr.length - 1; i > 0; i--) {
      const n = i + 1;
      let r: number;
      for (;;) {
        const x = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
        const t = b << 9;
        c ^= a;
        d ^= b;
        b ^= c;
        a ^= d;
        c ^= t;
        d = rotl(d, 11);
        r = x % n;
        if (x - r <= 0x100000000 - n) break;
      }
      const v = arr[i];
      arr[i] = arr[r];
      arr[r] = v;
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
  }

  /** k distinct integers from [0, n), in the order drawn (partial Fisher-Yates). */
  sampleWithoutReplacement(n: number, k: number): number[] {
    if (k > n) throw new RangeError(`Rng.sampleWithoutReplacement: k=${k} > n=${n}`);
    const pool = new Map<number, number>();
    const out: number[] = [];
    for (let i = 0; i < k; i++) {
      const j = i + this.int(n - i);
      const vj = pool.get(j) ?? j;
      const vi = pool.get(i) ?? i;
      pool.set(j, vi);
      out.push(vj);
    }
    return out;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Uint32Array {
    const p = new Uint32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
