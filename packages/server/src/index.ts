export * from './config.js';
export * from './sampling.js';
export * from './frl-global-state.js';
export * from './updates.js';
export * from './run-federation.js';
export * from './checkpoint.js';
export * from './clients/executor.js';
export * from './clients/client-task.js';
export { WorkerPoolExecutor } from './clients/worker-pool.js';
