/**
 * For tests of code with a native and a portable path: whether the native tests should run.
 * With FEDRANK_REQUIRE_NATIVE=1 (CI) a missing addon is a failure, not a skip.
 */
import { loadNative, loadOneDnn } from './index.js';

export interface NativeTestGate {
  /** Run the native comparisons (the addon loaded, or it is required and must then fail). */
  run: boolean;
  /** Why it is unavailable, or undefined. */
  reason?: string;
}

function gate(status: { available: boolean; reason?: string }): NativeTestGate {
  const required = process.env.FEDRANK_REQUIRE_NATIVE === '1';
  return status.available ? { run: true } : { run: required, reason: status.reason };
}

export const nativeGate = (): NativeTestGate => gate(loadNative());
export const oneDnnGate = (): NativeTestGate => gate(loadOneDnn());
