/**
 * Normalization constants and byte -> float conversion, as the reference does it:
 * torchvision's ToTensor (x / 255 in float32) then Normalize((x - mean) / std, float32).
 * Every loader turns uint8 pixels into floats through the lookup tables built here.
 */
import { sharedFloat32Array } from './shared-arrays.js';

/** MNIST's usual constants; the reference also used them for Fashion-MNIST (it ran through its MNIST code). */
export const MNIST_MEAN = 0.1307;
export const MNIST_STD = 0.3081;
export const FASHION_MNIST_MEAN = MNIST_MEAN;
export const FASHION_MNIST_STD = MNIST_STD;

/** Per-channel (R, G, B) CIFAR-10 constants as in the reference FRL code. */
export const CIFAR10_MEAN: readonly [number, number, number] = [0.491, 0.482, 0.447];
export const CIFAR10_STD: readonly [number, number, number] = [0.247, 0.243, 0.262];

/** A 256-entry table: byte value -> normalized float32, rounded the way float32 torch code rounds. */
export function byteLut(mean: number, std: number): Float32Array {
  const lut = new Float32Array(256);
  const m = Math.fround(mean);
  const s = Math.fround(std);
  for (let b = 0; b < 256; b++) {
    const x = Math.fround(b / 255);
    lut[b] = Math.fround(x - m) / s;
  }
  return lut;
}

/** Single-channel bytes -> normalized floats (same layout). */
export function normalizeBytes(bytes: Uint8Array, mean: number, std: number): Float32Array {
  const lut = byteLut(mean, std);
  const out = sharedFloat32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = lut[bytes[i]];
  return out;
}
