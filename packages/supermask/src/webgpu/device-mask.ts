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

/** Writes [key, index] of the pair of rank `rank` (0-based, ascending) as two int32s. */
function selectProgram(): WebGpuProgram {
  return {
    variableNames: ['scores'],
    outputShape: [2],
    shaderKey: 'fedrank_exact_top_k_select',
    dispatchLayout: { x: [0] },
    dispatch: [1, 1, 1],
    workgroupSize: [SELECT_THREADS, 1, 1],
    uniforms: 'n : i32, rank : i32, signedRule : i32, indexPasses : i32,',
    getUserCode: () => `
      ${SORT_KEY}
      var<workgroup> hist : array<atomic<u32>, 2048>;
      var<workgroup> found : vec3<u32>;

      fn main(index : i32) {
        let t = u32(index);
        let n = u32(uniforms.n);
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
            let k = sortKey(bitcast<u32>(scores[i]), uniforms.signedRule);
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
          result[0] = bitcast<i32>(found.x);
          result[1] = bitcast<i32>(found.y);
        }
      }
    `,
  };
}

/** w where (key, index) is above the selected pair, else 0. */
function applyProgram(n: number): WebGpuProgram {
  return {
    variableNames: ['scores', 'weights', 'threshold'],
    shaderKey: 'fedrank_exact_top_k_apply',
    uniforms: 'signedRule : i32,',
    ...elementwiseLayout(n),
    getUserCode: () => `
      ${SORT_KEY}
      fn main(index : i32) {
        if (index < uniforms.size) {
          let k = sortKey(bitcast<u32>(scores[index]), uniforms.signedRule);
          let tk = bitcast<u32>(threshold[0]);
          let ti = threshold[1];
          let kept = k > tk || (k == tk && index > ti);
          result[index] = select(0.0, weights[index], kept);
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
  const n = scores.size;
  if (weights.size !== n) throw new RangeError(`maskedWeightsOnDevice: ${weights.size} weights for ${n} scores`);
  const j = maskZeros(n, keep);
  if (j <= 0) return tf.reshape(weights, [n]).clone() as tf.Tensor1D;
  if (j >= n) return tf.zeros([n]);
  const signedRule = rule === 'reference' ? 0 : 1;
  const threshold = runWebGpuProgram(selectProgram(), [scores], 'int32', [
    { type: 'int32', data: [n] },
    { type: 'int32', data: [j - 1] },
    { type: 'int32', data: [signedRule] },
    { type: 'int32', data: [indexPasses(n)] },
  ]);
  const out = runWebGpuProgram(applyProgram(n), [scores, weights, threshold], 'float32', [{ type: 'int32', data: [signedRule] }]);
  threshold.dispose();
  return out as tf.Tensor1D;
}
