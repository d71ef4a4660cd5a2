/**
 * The supermask keep mask on the GPU, exactly as `maskedWeights` (mask-rule.ts) computes it on
 * the CPU: of n edges, the j = floor((1 - keep) * n) with the smallest key are pruned, ties at
 * the threshold broken by index (lower index pruned first), so exactly n - j are kept. The key is
 * |score| for 'reference' and the signed score for 'top-rank'.
 *
 * Ties broken by index make the order a strict one on the pair (key, index), so the pruned edges
 * are the j smallest pairs and the threshold is the pair of rank j - 1. Two programs:
 * - select: a radix select of that pair in one workgroup: the key's 32 bits as an unsigned integer
 *   that orders like the float (11, 11, 10 bits), then the index (11 bits per pass), each digit
 *   from a 2048-bin histogram of the candidates that share the digits found so far;
 * - apply: w where (key, index) > threshold, else 0.
 * -0 and +0 are one key, as they compare equal on the CPU. NaN scores are not supported.
 */
import * as tf from '@tensorflow/tfjs';
import { elementwiseLayout, runWebGpuProgram, type WebGpuProgram } from '@fedrank/tensor';
import { maskZeros } from '@fedrank/voting';
import type { MaskRule } from '../mask-rule.js';

const SELECT_THREADS = 256;
const DIGIT_BITS = 11;

/** WGSL: the unsigned key of a float's bits, ordered as |x| (signedRule 0) or as x (1). */
const SORT_KEY = `
  fn sortKey(bits : u32, signedRule : i32) -> u32 {
    if (signedRule == 0) { return bits & 0x7fffffffu; }
    if (bits == 0x80000000u) { return 0x80000000u; }
    if ((bits & 0x80000000u) != 0u) { return ~bits; }
    return bits | 0x80000000u;
  }
`;

/**
 * Per client c (one workgroup each, scores[c * n .. (c + 1) * n)): writes [key, index] of the
 * pair of rank `rank` (0-based, ascending) as the int32s 2c, 2c + 1.
 */
function selectProgram(clients: number): WebGpuProgram {
  return {
    variableNames: ['scores'],
    outputShape: [2 * clients],
    shaderKey: 'fedrank_exact_top_k_select',
    dispatchLayout: { x: [0] },
    dispatch: [clients, 1, 1],
    workgroupSize: [SELECT_THREADS, 1, 1],
    uniforms: 'n : i32, rank : i32, signedRule : i32, indexPasses : i32,',
    getUserCode: () => `
      ${SORT_KEY}
      var<workgroup> hist : array<atomic<u32>, 2048>;
      var<workgroup> found : vec3<u32>;

      fn main(index : i32) {
        let t = localIndex;
        let n = u32(uniforms.n);
        let base = workgroupId.x * n;
        if (t == 0u) { found = vec3<u32>(0u, 0u, u32(uniforms.rank)); }
        var keyMask = 0u;
        var idxMask = 0u;
        let passes = 3 + uniforms.indexPasses;
        for (var p = 0; p < passes; p++) {
          let onKey = p < 3;
          var shift = u32(uniforms.indexPasses - 1 - (p - 3)) * ${DIGIT_BITS}u;
          var width = ${DIGIT_BITS}u;
          if (p == 0) { shift = 21u; }
          if (p == 1) { shift = 10u; }
          if (p == 2) { shift = 0u; width = 10u; }
          let digitMask = (1u << width) - 1u;
          for (var b = t; b < 2048u; b += ${SELECT_THREADS}u) { atomicStore(&hist[b], 0u); }
          workgroupBarrier();
          let keyPrefix = found.x;
          let idxPrefix = found.y;
          for (var i = t; i < n; i += ${SELECT_THREADS}u) {
            let k = sortKey(bitcast<u32>(scores[base + i]), uniforms.signedRule);
            if ((k & keyMask) == keyPrefix && (i & idxMask) == idxPrefix) {
              let v = select(i, k, onKey);
              atomicAdd(&hist[(v >> shift) & digitMask], 1u);
            }
          }
          workgroupBarrier();
          if (t == 0u) {
            let r = found.z;
            var before = 0u;
            var d = 0u;
            loop {
              let c = atomicLoad(&hist[d]);
              if (before + c > r || d >= digitMask) { break; }
              before += c;
              d++;
            }
            if (onKey) { found.x |= d << shift; } else { found.y |= d << shift; }
            found.z = r - before;
          }
          if (onKey) { keyMask |= digitMask << shift; } else { idxMask |= digitMask << shift; }
          workgroupBarrier();
        }
        if (t == 0u) {
          result[2u * workgroupId.x] = bitcast<i32>(found.x);
          result[2u * workgroupId.x + 1u] = bitcast<i32>(found.y);
        }
      }
    `,
  };
}

/** Per client c, edge i: w_i where (key, i) is above client c's selected pair, else 0. */
function applyProgram(n: number, clients: number): WebGpuProgram {
  return {
    variableNames: ['scores', 'weights', 'threshold'],
    shaderKey: 'fedrank_exact_top_k_apply',
    uniforms: 'n : i32, signedRule : i32,',
    ...elementwiseLayout(n * clients),
    getUserCode: () => `
      ${SORT_KEY}
      fn main(index : i32) {
        if (index < uniforms.size) {
          let c = index / uniforms.n;
          let i = index - c * uniforms.n;
          let k = sortKey(bitcast<u32>(scores[index]), uniforms.signedRule);
          let tk = bitcast<u32>(threshold[2 * c]);
          let ti = threshold[2 * c + 1];
          let kept = k > tk || (k == tk && i > ti);
          result[index] = select(0.0, weights[i], kept);
        }
      }
    `,
  };
}

/** Passes of 11 bits that cover the indices 0..n-1. */
function indexPasses(n: number): number {
  const bits = n <= 1 ? 1 : 32 - Math.clz32(n - 1);
  return Math.ceil(bits / DIGIT_BITS);
}

/**
 * The effective weights w * mask of one layer on the webgpu backend: `scores` and `weights` are
 * float32 tensors of n elements (any shape); returns a new tensor of n elements, shaped [n].
 * Nothing is read back.
 */
export function maskedWeightsOnDevice(scores: tf.Tensor, weights: tf.Tensor, keep: number, rule: MaskRule): tf.Tensor1D {
  return clientMasksOnDevice(scores, weights, 1, keep, rule);
}

/**
 * The effective weights of one layer for several clients that share its frozen weights:
 * `scores` holds clients * n elements (client c's at [c * n, (c + 1) * n)), `weights` n; returns
 * clients * n elements, shaped [clients * n]. Two dispatches whatever the number of clients.
 */
export function clientMasksOnDevice(scores: tf.Tensor, weights: tf.Tensor, clients: number, keep: number, rule: MaskRule): tf.Tensor1D {
  const n = weights.size;
  if (scores.size !== n * clients)
    throw new RangeError(`clientMasksOnDevice: ${scores.size} scores for ${clients} clients of ${n} weights`);
  const j = maskZeros(n, keep);
  if (j >= n) return tf.zeros([n * clients]);
  const signedRule = rule === 'reference' ? 0 : 1;
  // Nothing pruned (j = 0): the pair (key 0, index -1) lies below every edge.
  const threshold =
    j <= 0
      ? tf.tensor1d(
          Int32Array.from({ length: 2 * clients }, (_, i) => (i % 2 === 0 ? 0 : -1)),
          'int32',
        )
      : runWebGpuProgram(selectProgram(clients), [scores], 'int32', [
          { type: 'int32', data: [n] },
          { type: 'int32', data: [j - 1] },
          { type: 'int32', data: [signedRule] },
          { type: 'int32', data: [indexPasses(n)] },
        ]);
  const out = runWebGpuProgram(applyProgram(n, clients), [scores, weights, threshold], 'float32', [
    { type: 'int32', data: [n] },
    { type: 'int32', data: [signedRule] },
  ]);
  threshold.dispose();
  return out as tf.Tensor1D;
}
