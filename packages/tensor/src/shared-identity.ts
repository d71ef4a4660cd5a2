/**
 * Identity for tfjs's wasm backend that shares the input's buffer (a reference count, as wasm's
 * own Reshape does) instead of copying it. tfjs clones every input a gradient needs
 * (`saveTensorsForBackwardMode`), so each training step copied the dense layer's weights (6.4 MB
 * for LeNet) once more. Tensors are immutable and no kernel writes into an existing buffer, so a
 * shared buffer is indistinguishable from a copy.
 */
import type { DataId, KernelFunc, TensorInfo } from '@tensorflow/tfjs';

interface RefCountingBackend {
  incRef(dataId: DataId): void;
}

export function sharedIdentity(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x?: TensorInfo };
    if (!x || x.dtype === 'string') return fallback(args);
    (args.backend as unknown as RefCountingBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
}
