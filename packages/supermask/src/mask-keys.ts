/**
 * Order-preserving uint32 keys of float32 scores, as the keep-mask kernels compare them (the
 * native ones in packages/native/native/mask_keys.h):
 * - abs key ('reference' rule): the float bits of |x|; NaN -> 0x7fffffff, above +Infinity.
 * - float-order key ('top-rank' rule): x in the order of float comparisons, -0 = +0;
 *   NaN -> 0xffffffff, above +Infinity.
 */
const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/** The abs key of the float32 bit pattern u. */
export function absKeyOfBits(u: number): number {
  const a = u & 0x7fffffff;
  return a > 0x7f800000 ? 0x7fffffff : a;
}

/** The float-order key of the float32 bit pattern u. */
export function floatOrderKeyOfBits(u: number): number {
  if (u === 0x80000000) return 0x80000000;
  if ((u & 0x7fffffff) > 0x7f800000) return 0xffffffff;
  return (u ^ ((u >> 31) | 0x80000000)) >>> 0;
}

function bitsOf(x: number): number {
  F32[0] = x;
  return U32[0];
}

export function absKey(x: number): number {
  return absKeyOfBits(bitsOf(x));
}

export function floatOrderKey(x: number): number {
  return floatOrderKeyOfBits(bitsOf(x));
}

/** The |x| of an abs key (NaN for the NaN key). */
export function valueOfAbsKey(key: number): number {
  U32[0] = key;
  return F32[0];
}

/** The x of a float-order key (+0 for the zero key, NaN for the NaN key). */
export function valueOfFloatOrderKey(key: number): number {
  if (key === 0xffffffff) return NaN;
  U32[0] = key >= 0x80000000 ? key ^ 0x80000000 : ~key >>> 0;
  return F32[0];
}
