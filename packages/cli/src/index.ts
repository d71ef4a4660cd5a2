// Programmatic entry points of the CLI, for scripts and benchmarks.
export { loadRunConfig, loadRunConfigSync, loadConfigPlugins, applyOverrides, readYamlFile } from './config-file.js';
export { executeRun, loadRunData, resolveOutDir, type RunOptions, type RunSummary } from './run-experiment.js';
export { checkpointPath, configHash, loadCheckpoint, saveCheckpoint, type Checkpoint } from './run-checkpoint.js';
export { estimateRunMemory, type MemoryPart, type RunMemoryEstimate } from './run-memory-estimate.js';
