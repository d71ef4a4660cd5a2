/**
 * A fedrank dataset loader as a plugin: small grey images of stripes, one class per direction
 * (horizontal, vertical, diagonal, anti-diagonal), each pixel plus Gaussian noise. Seeded by the
 * run's seed, so a run is reproducible.
 *
 * Parameters (config keys under `data:`): size (image side, default 8), trainSize (default 400),
 * testSize (default 100), noise (pixel noise std, default 0.5).
 * The default export is the loader's descriptor: kind, params (zod), load(params, { seed }).
 */
import { z } from '@fedrank/server/plugin';

const CLASSES = 4;

/** mulberry32: a small seeded generator of uniform floats in [0, 1). */
function uniform(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function split(count, size, noise, next) {
  const images = new Float32Array(count * size * size);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    const y = n % CLASSES;
    labels[n] = y;
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        const k = y === 0 ? i : y === 1 ? j : y === 2 ? i + j : i - j + size;
        const gauss = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
        images[n * size * size + i * size + j] = (k % 2 === 0 ? 1 : -1) + noise * gauss;
      }
    }
  }
  return { images, labels };
}

export default {
  kind: 'stripes',
  params: z.strictObject({
    size: z.number().int().min(4).default(8),
    trainSize: z.number().int().positive().default(400),
    testSize: z.number().int().positive().default(100),
    noise: z.number().nonnegative().default(0.5),
  }),
  load({ size, trainSize, testSize, noise }, { seed }) {
    const next = uniform(seed);
    return {
      train: split(trainSize, size, noise, next),
      test: split(testSize, size, noise, next),
      height: size,
      width: size,
      channels: 1,
      numClasses: CLASSES,
      source: `stripes ${size}x${size}, noise ${noise}, seed ${seed}`,
    };
  },
};
