/**
 * Random input views for majority voting across augmentations (an opt-in variant of MM-UPT's
 * rollouts for a classifier): instead of G labels sampled from one input's softmax, each of the
 * G labels is sampled from the model's softmax on its own random view of the input,
 *   view_g(x) = shift(x, dx_g, dy_g) + noise * N(0, 1) per pixel,
 * with dx_g, dy_g uniform integers in [-shift, shift]. The vote then also measures whether the
 * prediction survives small perturbations (as several rollouts of a language model do), and the
 * GRPO step pulls the views that disagree toward the majority.
 *
 * Shifted-in pixels take the image's smallest value (the background of normalized MNIST-like
 * images). Noise is in the units of the normalized inputs.
 */
import type { Rng } from '@fedrank/random';

export interface AugmentSettings {
  /** Largest shift in pixels along each axis (0: none). */
  shift: number;
  /** Standard deviation of the additive Gaussian noise (0: none). */
  noise: number;
}

export function augmentEnabled(a: AugmentSettings | undefined): a is AugmentSettings {
  return a !== undefined && (a.shift > 0 || a.noise > 0);
}

/**
 * The G views of each of the B images in `images` ([B, H, W, C] row-major): returns
 * [B * G, H, W, C], the views of image b at rows b * G .. b * G + G - 1. Per view, the draws are
 * dx, dy (when shift > 0), then the noise of each value in order (when noise > 0).
 */
export function augmentViews(
  images: Float32Array,
  batch: number,
  height: number,
  width: number,
  channels: number,
  groupSize: number,
  settings: AugmentSettings,
  rng: Rng,
): Float32Array {
  const size = height * width * channels;
  const out = new Float32Array(batch * groupSize * size);
  const s = Math.max(0, Math.floor(settings.shift));
  for (let b = 0; b < batch; b++) {
    const img = images.subarray(b * size, (b + 1) * size);
    let fill = Infinity;
    for (let i = 0; i < size; i++) if (img[i] < fill) fill = img[i];
    for (let g = 0; g < groupSize; g++) {
      const view = out.subarray((b * groupSize + g) * size, (b * groupSize + g + 1) * size);
      const dx = s > 0 ? rng.int(2 * s + 1) - s : 0;
      const dy = s > 0 ? rng.int(2 * s + 1) - s : 0;
      for (let y = 0; y < height; y++) {
        const sy = y - dy;
        for (let x = 0; x < width; x++) {
          const sx = x - dx;
          const inside = sy >= 0 && sy < height && sx >= 0 && sx < width;
          for (let c = 0; c < channels; c++) {
            view[(y * width + x) * channels + c] = inside ? img[(sy * width + sx) * channels + c] : fill;
          }
        }
      }
      if (settings.noise > 0) for (let i = 0; i < size; i++) view[i] += rng.normal(0, settings.noise);
    }
  }
  return out;
}
