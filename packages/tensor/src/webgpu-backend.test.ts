/**
 * Which WebGPU adapters count as software. (The backend itself is tested on SwiftShader by the
 * webgpu test project: *.webgpu.test.ts, `npm run test:webgpu`.)
 */
import { describe, expect, it } from 'vitest';
import { AUTO_BACKEND_ORDER } from './backend.js';
import { isSoftwareAdapter } from './webgpu-backend.js';

const adapter = (vendor: string, architecture: string, description: string, isFallbackAdapter?: boolean) => ({
  vendor,
  architecture,
  device: '',
  description,
  isFallbackAdapter,
});

describe('isSoftwareAdapter', () => {
  it('recognises CPU implementations of the GPU API', () => {
    expect(isSoftwareAdapter(adapter('google', 'swiftshader', 'SwiftShader driver 5.0.0', true))).toBe(true);
    expect(isSoftwareAdapter(adapter('google', 'swiftshader', 'SwiftShader driver 5.0.0'))).toBe(true);
    expect(isSoftwareAdapter(adapter('mesa', '', 'llvmpipe (LLVM 15.0.6, 256 bits)'))).toBe(true);
    expect(isSoftwareAdapter(adapter('mesa', '', 'lavapipe'))).toBe(true);
    expect(isSoftwareAdapter(adapter('microsoft', '', 'Microsoft Basic Render Driver'))).toBe(true);
    expect(isSoftwareAdapter(adapter('nvidia', 'ampere', 'NVIDIA GeForce RTX 3090', true))).toBe(true);
  });

  it('takes GPUs as hardware', () => {
    expect(isSoftwareAdapter(adapter('nvidia', 'ampere', 'NVIDIA GeForce RTX 3090', false))).toBe(false);
    expect(isSoftwareAdapter(adapter('amd', 'rdna-3', 'AMD Radeon RX 7900 XTX (RADV NAVI31)'))).toBe(false);
    expect(isSoftwareAdapter(adapter('intel', 'gen-12lp', 'Intel(R) UHD Graphics 770 (ADL-S GT1)'))).toBe(false);
    expect(isSoftwareAdapter(adapter('apple', 'metal-3', 'Apple M2 Pro'))).toBe(false);
  });
});

describe('auto', () => {
  it('tries webgpu right after tensorflow-gpu', () => {
    expect(AUTO_BACKEND_ORDER).toEqual(['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu']);
  });
});
