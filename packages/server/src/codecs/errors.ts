/**
 * The one error type the codecs throw. Decoding a corrupt, truncated or mismatched payload is a
 * runtime rejection of one message (the round loop counts it and carries on), not a crash:
 * every decoder turns what it finds wrong into a CodecError with a machine-readable `code` and a
 * human-readable `reason`, and never lets a RangeError from typed-array access escape.
 */

export type CodecErrorCode =
  /** The payload ends before the header or the body does. */
  | 'truncated'
  /** Bytes left over after the body. */
  | 'trailing-bytes'
  /** The first two bytes are not the magic "FR". */
  | 'bad-magic'
  /** Unknown format version. */
  | 'bad-version'
  /** The payload was written by another codec. */
  | 'wrong-codec'
  /** Layer count differs from the expected one. */
  | 'layer-count'
  /** A layer size differs from the expected one. */
  | 'layer-size'
  /** A decoded value is out of its range (edge id >= n, non-zero padding, bad flag, ...). */
  | 'out-of-range'
  /** A decoded ranking is not a permutation of 0..n-1 (a duplicate edge id). */
  | 'not-a-permutation'
  /** A decoded float is NaN or infinite. */
  | 'non-finite'
  /** The compressed stream cannot be inflated, or inflates to the wrong length. */
  | 'corrupt-stream'
  /** The payload was encoded against another reference (global ranking) than the decoder's. */
  | 'reference-mismatch'
  /** encode() was given a value of the wrong shape or kind (a caller bug, not a wire error). */
  | 'invalid-input';

export class CodecError extends Error {
  override readonly name = 'CodecError';

  constructor(
    readonly code: CodecErrorCode,
    readonly reason: string,
    /** Name of the codec that rejected the payload. */
    readonly codec: string,
  ) {
    super(`${codec}: ${reason}`);
  }
}
