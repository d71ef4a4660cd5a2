/**
 * Choosing and initialising the tfjs backend.
 *
 * `auto` takes the first of tensorflow-gpu (@tensorflow/tfjs-node-gpu), webgpu
 * (@tensorflow/tfjs-backend-webgpu on Dawn, on a hardware adapter only: see webgpu-backend.ts),
 * tensorflow (@tensorflow/tfjs-node), wasm (@tensorflow/tfjs-backend-wasm) and cpu (pure
 * JavaScript) that loads and initialises. The node and webgpu packages are optional dependencies,
 * often absent: they are imported dynamically and their absence only moves `auto` on. Asking for
 * one of them explicitly when it cannot load is a BackendError saying what to install.
 * Choosing wasm also registers this package's wasm kernels (see wasm-kernels.ts).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { BackendError, BackendUnavailable } from './errors.js';
import { firstLine, importOptional } from './optional-package.js';
import { registerWasmKernels } from './wasm-kernels.js';
import { prepareWebGpu, type GpuAdapter } from './webgpu-backend.js';

export type BackendName = 'auto' | 'tensorflow-gpu' | 'webgpu' | 'tensorflow' | 'wasm' | 'cpu';
export type ConcreteBackendName = Exclude<BackendName, 'auto'>;

export interface BackendInfo {
  /** What was asked for. */
  requested: BackendName;
  /** What was chosen. */
  name: ConcreteBackendName;
  /** tfjs's name for the active backend (`tf.getBackend()`). */
  tfjsBackend: string;
  /** Version of the package providing the backend. */
  version: string;
  /** One line about how it runs, e.g. "wasm SIMD, 1 thread". */
  details: string;
  /** The WebGPU adapter, for the webgpu backend. */
  adapter?: GpuAdapter;
}

export const BACKEND_NAMES: readonly BackendName[] = ['auto', 'tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'];
/** The order in which `auto` tries the backends. */
export const AUTO_BACKEND_ORDER: readonly ConcreteBackendName[] = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'];

export function isBackendName(value: unknown): value is BackendName {
  return typeof value === 'string' && (BACKEND_NAMES as readonly string[]).includes(value);
}

const INSTALL_HINTS: Record<ConcreteBackendName, string> = {
  'tensorflow-gpu': 'npm install @tensorflow/tfjs-node-gpu@4.22.0 (needs CUDA and network access to download libtensorflow)',
  webgpu: 'npm install @tensorflow/tfjs-backend-webgpu@4.22.0 webgpu@0.6.2',
  tensorflow: 'npm install @tensorflow/tfjs-node@4.22.0 (needs network access to download libtensorflow)',
  wasm: 'npm install @tensorflow/tfjs-backend-wasm@4.22.0',
  cpu: 'npm install @tensorflow/tfjs@4.22.0',
};

type Loaded = Omit<BackendInfo, 'requested' | 'name'>;

let current: BackendInfo | undefined;
let queue: Promise<unknown> = Promise.resolve();

/** The backend chosen by the last successful `initBackend`, if any. */
export function currentBackend(): BackendInfo | undefined {
  return current;
}

/**
 * Makes `requested` the active tfjs backend and says what was chosen. Safe to call repeatedly;
 * concurrent calls run one after the other.
 */
export function initBackend(requested: BackendName): Promise<BackendInfo> {
  const run = queue.then(() => initNow(requested));
  queue = run.catch(() => undefined);
  return run;
}

async function initNow(requested: BackendName): Promise<BackendInfo> {
  if (!isBackendName(requested)) {
    throw new BackendError(`unknown backend '${String(requested)}'; expected one of ${BACKEND_NAMES.join(', ')}`);
  }
  if (current !== undefined && current.requested === requested && tf.getBackend() === current.tfjsBackend) {
    return current;
  }
  const candidates = requested === 'auto' ? AUTO_BACKEND_ORDER : [requested];
  const reasons: string[] = [];
  for (const name of candidates) {
    try {
      const loaded = await load(name, requested === 'auto');
      current = { requested, name, ...loaded };
      return current;
    } catch (error) {
      const reason = firstLine(error);
      if (requested !== 'auto') {
        const hint = error instanceof BackendUnavailable && error.hint !== undefined ? error.hint : `it with: ${INSTALL_HINTS[name]}`;
        throw new BackendError(`backend '${name}' is unavailable (${reason}); install ${hint}`);
      }
      reasons.push(`${name}: ${reason}`);
    }
  }
  throw new BackendError(`no tfjs backend could be initialised (${reasons.join('; ')})`);
}

/** Loads one backend; `auto` (the caller is trying them in turn) refuses a software GPU adapter. */
async function load(name: ConcreteBackendName, auto: boolean): Promise<Loaded> {
  switch (name) {
    case 'tensorflow-gpu':
      return loadTensorflow('@tensorflow/tfjs-node-gpu');
    case 'webgpu': {
      const gpu = await prepareWebGpu(auto);
      await activate('webgpu');
      return { tfjsBackend: 'webgpu', ...gpu };
    }
    case 'tensorflow':
      return loadTensorflow('@tensorflow/tfjs-node');
    case 'wasm':
      return loadWasm();
    case 'cpu':
      return loadCpu();
  }
}

async function loadTensorflow(packageName: string): Promise<Loaded> {
  const module = await importOptional(packageName);
  await activate('tensorflow');
  const usesGpu = (tf.backend() as unknown as { isUsingGpuDevice?: unknown }).isUsingGpuDevice === true;
  return {
    tfjsBackend: 'tensorflow',
    version: packageVersion(module, 'tfjs-node') ?? tf.version_core,
    details: `libtensorflow via ${packageName}, ${usesGpu ? 'GPU' : 'CPU'}`,
  };
}

let wasmPathsSet = false;

async function loadWasm(): Promise<Loaded> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (!wasmPathsSet) {
    // In Node the wasm loader looks beside its own bundle; say so explicitly, so that a bundler
    // or a test runner moving the JavaScript cannot lose the .wasm files.
    try {
      wasm.setWasmPaths(wasmDistDir());
    } catch {
      // Only throws after a failed initialisation, which `activate` below reports.
    }
    wasmPathsSet = true;
  }
  await activate('wasm');
  const convolutions = registerWasmKernels();
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  const threads = wasm.getThreadsCount();
  return {
    tfjsBackend: 'wasm',
    version: wasm.version_wasm,
    details:
      `wasm ${simd ? 'SIMD' : 'without SIMD'}, ${threads} thread${threads === 1 ? '' : 's'}, ` +
      (convolutions.native ? `convolutions by oneDNN ${convolutions.version}` : `wasm convolutions (oneDNN: ${convolutions.reason})`),
  };
}

async function loadCpu(): Promise<Loaded> {
  await activate('cpu');
  return { tfjsBackend: 'cpu', version: tf.version['tfjs-backend-cpu'], details: 'pure JavaScript, 1 thread' };
}

async function activate(tfjsBackend: string): Promise<void> {
  if (!(await tf.setBackend(tfjsBackend))) throw new BackendUnavailable(`tfjs could not initialise its '${tfjsBackend}' backend`);
  await tf.ready();
  if (tf.getBackend() !== tfjsBackend) throw new BackendUnavailable(`tfjs switched to '${tf.getBackend()}' instead of '${tfjsBackend}'`);
}

function packageVersion(module: unknown, key: string): string | undefined {
  const version = (module as { version?: unknown } | null)?.version;
  if (typeof version === 'string') return version;
  if (typeof version === 'object' && version !== null) {
    const value = (version as Record<string, unknown>)[key];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

function wasmDistDir(): string {
  const main = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
  return join(dirname(main), '/');
}
