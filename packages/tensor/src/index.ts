import './production-mode.js';
export { BackendError } from './errors.js';
export {
  AUTO_BACKEND_ORDER,
  BACKEND_NAMES,
  currentBackend,
  initBackend,
  isBackendName,
  type BackendInfo,
  type BackendName,
  type ConcreteBackendName,
} from './backend.js';
export {
  WASM_COMPOSED_KERNELS,
  WASM_ONEDNN_KERNELS,
  isComposedWasmKernel,
  isNativeWasmKernel,
  registerWasmKernels,
  type NativeConvolutions,
} from './wasm-kernels.js';
export { composedConv2DBackpropFilter } from './conv2d-backprop-filter.js';
export { composedConv2DBackpropInput } from './conv2d-backprop-input.js';
export { MAX_POOL_2X2_GRAD } from './native-max-pool-grad.js';
export { denseMatMul } from './dense-matmul.js';
export { wasmHeapTensors, type HeapTensors } from './heap-tensors.js';
export { maxPool2x2 } from './max-pool-2x2.js';
export { isSoftwareAdapter, WEBGPU_DRIVER_HINT, type GpuAdapter } from './webgpu-backend.js';
export { elementwiseLayout, runWebGpuProgram, type ProgramUniforms, type WebGpuProgram } from './webgpu/run-program.js';
