/**
 * The WebGPU backend: @tensorflow/tfjs-backend-webgpu on Dawn, Chrome's WebGPU implementation,
 * which the npm package `webgpu` ships for Node as a prebuilt binary (both optional
 * dependencies). Dawn drives the GPU through Vulkan on Linux, Metal on macOS, D3D12 on Windows.
 *
 * A software adapter (SwiftShader, llvmpipe/lavapipe, Dawn's fallback adapter) runs the same
 * shaders on the CPU: right results, slowly. `auto` therefore takes only a hardware adapter;
 * an explicit `backend: webgpu` takes either. The adapter's vendor, architecture and
 * description are reported with the backend. Choosing it also registers this package's WebGPU
 * kernel: the 2x2 max-pool gradient with tfjs-cpu's tie rule (composed-max-pool-grad.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { composedMaxPool2x2Grad } from './composed-max-pool-grad.js';
import { BackendUnavailable } from './errors.js';
import { MAX_POOL_2X2_GRAD } from './native-max-pool-grad.js';
import { importOptional, installedVersion } from './optional-package.js';

/** The WebGPU adapter a run computes on. */
export interface GpuAdapter {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** A CPU implementation of the GPU API (correct, not fast). */
  software: boolean;
}

export interface LoadedWebGpu {
  adapter: GpuAdapter;
  /** Versions: tfjs-backend-webgpu, and the `webgpu` (Dawn) package. */
  version: string;
  details: string;
}

/** What to install when no adapter is found, in one line. */
export const WEBGPU_DRIVER_HINT =
  'a Vulkan driver for the GPU (libvulkan1 and the vendor ICD); without a GPU, for testing: ' +
  'apt install chromium, then run with VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json ' +
  'LD_LIBRARY_PATH=/usr/lib/chromium (SwiftShader, slow)';

const SOFTWARE_NAMES = /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render|\bwarp\b/i;

/** Whether an adapter is a software (CPU) implementation rather than a GPU. */
export function isSoftwareAdapter(info: {
  isFallbackAdapter?: boolean;
  vendor: string;
  architecture: string;
  device: string;
  description: string;
}): boolean {
  if (info.isFallbackAdapter === true) return true;
  return SOFTWARE_NAMES.test([info.vendor, info.architecture, info.device, info.description].join(' '));
}

/** The parts of a WebGPU adapter used here (the `webgpu` package types them via @webgpu/types). */
interface DawnAdapter {
  readonly info: {
    readonly vendor: string;
    readonly architecture: string;
    readonly device: string;
    readonly description: string;
    readonly isFallbackAdapter?: boolean;
  };
  readonly limits: Record<string, number>;
  requestDevice(descriptor: { requiredLimits: Record<string, number> }): Promise<unknown>;
}

interface Gpu {
  adapter: GpuAdapter;
  rawAdapter: DawnAdapter;
  versions: string;
}

let found: Promise<Gpu> | undefined;
let registered = false;

/**
 * Finds the adapter and registers tfjs's 'webgpu' backend on it (once per process), ready for
 * tf.setBackend('webgpu'); with `hardwareOnly`, a software adapter is refused. Throws
 * BackendUnavailable when the packages are missing or no adapter is found.
 */
export async function prepareWebGpu(hardwareOnly: boolean): Promise<LoadedWebGpu> {
  found ??= findAdapter();
  const gpu = await found;
  const { adapter } = gpu;
  const name = adapter.description || adapter.device || 'unnamed adapter';
  if (hardwareOnly && adapter.software) {
    throw new BackendUnavailable(`only a software adapter (${name}); auto takes WebGPU on a GPU only, ask for 'webgpu' to use it`);
  }
  if (!registered) {
    await register(gpu);
    registered = true;
  }
  const kind = adapter.software ? 'software adapter' : 'GPU';
  return {
    adapter,
    version: gpu.versions,
    details: `WebGPU via Dawn, ${kind}: ${name} (vendor ${adapter.vendor || '?'}, architecture ${adapter.architecture || '?'})`,
  };
}

async function findAdapter(): Promise<Gpu> {
  const missingLoader = missingVulkanLoader();
  if (missingLoader !== undefined) throw new BackendUnavailable(`no Vulkan loader (${missingLoader})`, WEBGPU_DRIVER_HINT);
  const dawn = await importOptional<{ create: (options: string[]) => unknown; globals: Record<string, unknown> }>('webgpu');
  // tfjs-backend-webgpu uses the WebGPU globals (GPUBufferUsage, ...) as a browser defines them.
  for (const [key, value] of Object.entries(dawn.globals)) {
    if (!(key in globalThis)) Object.defineProperty(globalThis, key, { value, configurable: true, writable: true });
  }
  const gpu = dawn.create([]) as { requestAdapter(options: { powerPreference: string }): Promise<DawnAdapter | null> };
  const rawAdapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (rawAdapter === null) throw new BackendUnavailable('no WebGPU adapter found', WEBGPU_DRIVER_HINT);
  exposeNavigatorGpu(gpu);
  const { vendor, architecture, device, description } = rawAdapter.info;
  return {
    adapter: { vendor, architecture, device, description, software: isSoftwareAdapter(rawAdapter.info) },
    rawAdapter,
    versions: `tfjs-backend-webgpu ${installedVersion('@tensorflow/tfjs-backend-webgpu')}, webgpu ${installedVersion('webgpu')}`,
  };
}

/** Registers tfjs's WebGPU backend on a device of this adapter, with the adapter's full limits. */
async function register(gpu: Gpu): Promise<void> {
  const { WebGPUBackend } = await importOptional<{ WebGPUBackend: new (device: unknown, info?: unknown) => tf.KernelBackend }>(
    '@tensorflow/tfjs-backend-webgpu',
  );
  const { limits } = gpu.rawAdapter;
  // The limits tfjs-backend-webgpu asks for when it creates its own device in a browser.
  const wanted = [
    'maxComputeWorkgroupStorageSize',
    'maxComputeWorkgroupsPerDimension',
    'maxStorageBufferBindingSize',
    'maxBufferSize',
    'maxComputeWorkgroupSizeX',
    'maxComputeInvocationsPerWorkgroup',
  ];
  const device = await gpu.rawAdapter.requestDevice({ requiredLimits: Object.fromEntries(wanted.map((k) => [k, limits[k]])) });
  if (tf.findBackendFactory('webgpu') !== null) tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', () => new WebGPUBackend(device, gpu.rawAdapter.info), 0);
  if (tf.getKernel(MAX_POOL_2X2_GRAD, 'webgpu') === undefined) {
    tf.registerKernel({ kernelName: MAX_POOL_2X2_GRAD, backendName: 'webgpu', kernelFunc: composedMaxPool2x2Grad('webgpu') });
  }
}

/** tfjs-backend-webgpu checks `navigator.gpu` (Node 20 has no navigator; 21+ one without gpu). */
function exposeNavigatorGpu(gpu: unknown): void {
  const holder = globalThis as { navigator?: object };
  if (holder.navigator === undefined) {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  } else if (!('gpu' in holder.navigator)) {
    Object.defineProperty(holder.navigator, 'gpu', { value: gpu, configurable: true });
  }
}

/**
 * On Linux, Dawn reaches the GPU through the Vulkan loader (libvulkan.so.1). Without one it
 * prints a warning of its own on stderr and finds nothing; asking the dynamic linker first
 * keeps `auto` quiet on machines without Vulkan. Returns why the loader is missing, if it is.
 */
function missingVulkanLoader(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    // Not a Node addon, so this always throws; only the reason tells whether the library loaded.
    process.dlopen({ exports: {} }, 'libvulkan.so.1');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/cannot open shared object file/i.test(message)) return 'libvulkan.so.1 not found';
  }
  return undefined;
}
