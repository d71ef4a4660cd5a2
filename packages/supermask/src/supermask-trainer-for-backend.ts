/**
 * Which local supermask trainer runs on the active tfjs backend: on webgpu the one that keeps the
 * training state on the GPU (webgpu/device-supermask-client.ts), elsewhere SupermaskClientTrainer
 * (masks and optimizer on typed arrays).
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@fedrank/random';
import type { Architecture } from './architectures.js';
import type { SampleSource } from './client-data.js';
import { SupermaskClientTrainer, type LocalTrainingOptions, type LocalTrainingResult } from './supermask-client.js';
import { DeviceSupermaskClientTrainer } from './webgpu/device-supermask-client.js';

export interface LocalSupermaskTrainer {
  step(): Promise<boolean>;
  train(): Promise<LocalTrainingResult>;
}

export function supermaskTrainerForBackend(
  arch: Architecture,
  weights: readonly Float32Array[],
  globalScores: readonly Float32Array[],
  data: SampleSource,
  indices: Uint32Array,
  options: LocalTrainingOptions,
  rng: Rng,
): LocalSupermaskTrainer {
  const Trainer = tf.getBackend() === 'webgpu' ? DeviceSupermaskClientTrainer : SupermaskClientTrainer;
  return new Trainer(arch, weights, globalScores, data, indices, options, rng);
}
