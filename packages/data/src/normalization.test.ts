/** Tests for the byte -> float normalization tables. */
import { describe, expect, it } from 'vitest';
import { byteLut, MNIST_MEAN, MNIST_STD, normalizeBytes } from './normalization.js';

describe('normalization', () => {
  it('maps bytes like ToTensor + Normalize', () => {
    const lut = byteLut(MNIST_MEAN, MNIST_STD);
    expect(lut[0]).toBeCloseTo(-0.424212917, 6);
    expect(lut[255]).toBeCloseTo(2.821486596, 6);
    expect(lut[128]).toBeCloseTo((128 / 255 - 0.1307) / 0.3081, 6);
    expect(Array.from(normalizeBytes(Uint8Array.of(0, 255), MNIST_MEAN, MNIST_STD))).toEqual([lut[0], lut[255]]);
  });
});
