/**
 * Running a WGSL compute program of fedrank's own on tfjs's WebGPU backend. A program is what
 * tfjs-backend-webgpu's `runWebGPUProgram` takes: tfjs declares the output as the storage array
 * `result`, each input as a read-only storage array named as in `variableNames`, and the uniforms
 * (shapes, `size` when asked for, then the program's own fields) as `uniforms`; `getUserCode`
 * supplies `main`. The result is an ordinary tensor of the active (webgpu) backend.
 */
import * as tf from '@tensorflow/tfjs';

/** The fields of tfjs-backend-webgpu's WebGPUProgram that fedrank's programs set. */
export interface WebGpuProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  /** Declares `uniforms.size` (the output's element count). */
  size?: boolean;
  /** The program's own uniform fields, WGSL struct syntax: 'lr : f32, mode : i32,'. */
  uniforms?: string;
  getUserCode(): string;
}

/** Values of the program's own uniform fields, in their declaration order. */
export type ProgramUniforms = { type: 'float32' | 'int32' | 'uint32'; data: number[] }[];

interface WebGpuProgramRunner {
  runWebGPUProgram(program: WebGpuProgram, inputs: tf.TensorInfo[], outputDtype: tf.DataType, uniforms?: ProgramUniforms): tf.TensorInfo;
}

/** Runs `program` on the active webgpu backend; the output is tracked like any tensor (tf.tidy). */
export function runWebGpuProgram(program: WebGpuProgram, inputs: tf.Tensor[], dtype: tf.DataType, uniforms?: ProgramUniforms): tf.Tensor {
  if (tf.getBackend() !== 'webgpu')
    throw new Error(`${program.shaderKey}: a WebGPU program needs the webgpu backend, not ${tf.getBackend()}`);
  const backend = tf.backend() as unknown as WebGpuProgramRunner;
  const info = backend.runWebGPUProgram(program, inputs, dtype, uniforms);
  return tf.engine().makeTensorFromTensorInfo(info);
}

/** An elementwise program's layout: one invocation per output element, `workgroup` per workgroup. */
export function elementwiseLayout(
  n: number,
  workgroup = 64,
): Pick<WebGpuProgram, 'outputShape' | 'dispatchLayout' | 'dispatch' | 'workgroupSize' | 'size'> {
  return {
    outputShape: [n],
    dispatchLayout: { x: [0] },
    dispatch: [Math.ceil(n / workgroup), 1, 1],
    workgroupSize: [workgroup, 1, 1],
    size: true,
  };
}
