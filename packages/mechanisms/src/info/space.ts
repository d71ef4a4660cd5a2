/**
 * Mixed-radix enumeration of joint choices (one per agent): joint action profiles
 * a = (a_1, ..., a_n) in A_1 x ... x A_n and joint signals s in S_1 x ... x S_n.
 * index = sum_i d_i * prod_{j > i} r_j, so agent 0 is the most significant digit.
 */
export class JointSpace {
  readonly size: number;
  private readonly strides: number[];

  constructor(readonly radices: readonly number[]) {
    this.strides = new Array<number>(radices.length);
    let s = 1;
    for (let i = radices.length - 1; i >= 0; i--) {
      this.strides[i] = s;
      s *= radices[i];
    }
    this.size = s;
  }

  encode(digits: readonly number[]): number {
    let idx = 0;
    for (let i = 0; i < digits.length; i++) idx += digits[i] * this.strides[i];
    return idx;
  }

  decode(index: number): number[] {
    return this.radices.map((r, i) => Math.floor(index / this.strides[i]) % r);
  }

  digit(index: number, i: number): number {
    return Math.floor(index / this.strides[i]) % this.radices[i];
  }

  /** The index with digit i replaced by v. */
  replace(index: number, i: number, v: number): number {
    return index + (v - this.digit(index, i)) * this.strides[i];
  }
}
