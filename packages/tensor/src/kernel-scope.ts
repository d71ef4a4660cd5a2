/**
 * Running one backend's registered kernels directly on TensorInfos, from inside another kernel.
 *
 * A kernel implemented by composition must not go through the engine (that would record the
 * intermediates on the gradient tape and count them as tensors); it calls the backend's own
 * kernel functions and frees every intermediate buffer itself. `KernelScope` keeps that
 * bookkeeping in one place: every TensorInfo produced through `run` is freed by `dispose`,
 * except the ones handed out with `keep`.
 */
import { getKernel, type KernelBackend, type NamedAttrMap, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs';

export class KernelScope {
  private readonly owned: TensorInfo[] = [];

  constructor(
    readonly backend: KernelBackend,
    readonly backendName: string,
  ) {}

  /** Runs the backend's kernel `kernelName`; the result is freed on `dispose` unless kept. */
  run(kernelName: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
    const config = getKernel(kernelName, this.backendName);
    if (config === undefined) {
      throw new Error(`kernel ${kernelName} is not registered for backend ${this.backendName}`);
    }
    const result = config.kernelFunc({ inputs, backend: this.backend, attrs });
    if (Array.isArray(result)) {
      this.owned.push(...result);
      throw new Error(`kernel ${kernelName} returned ${result.length} outputs where one was expected`);
    }
    this.owned.push(result);
    return result;
  }

  /** Takes `info` out of the scope's care: `dispose` will not free it. */
  keep(info: TensorInfo): TensorInfo {
    const at = this.owned.indexOf(info);
    if (at >= 0) this.owned.splice(at, 1);
    return info;
  }

  /** Frees every intermediate produced through `run` and not kept. */
  dispose(): void {
    for (const info of this.owned.splice(0)) this.backend.disposeData(info.dataId);
  }
}

/** Runs `body` with a fresh scope and frees its intermediates however `body` ends. */
export function withKernelScope(backend: KernelBackend, backendName: string, body: (scope: KernelScope) => TensorInfo): TensorInfo {
  const scope = new KernelScope(backend, backendName);
  try {
    return scope.keep(body(scope));
  } finally {
    scope.dispose();
  }
}
