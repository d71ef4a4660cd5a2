import type { AnyCommand } from './command-group.js';
import { runCommand } from './run.js';
import { evalCommand } from './eval.js';
import { reportCommand } from './report.js';
import { mechanismCommand } from './mechanism.js';
import { benchCommand } from './bench.js';
import { sweepCommand } from './sweep.js';
import { workerCommand } from './worker.js';
import { runJobCommand } from './run-job.js';
import { partitionCommand } from './partition.js';

// Every `fedrank` sub-command, one module each. Add a command by importing it here.
export const commands: readonly AnyCommand[] = [
  runCommand,
  evalCommand,
  reportCommand,
  mechanismCommand,
  benchCommand,
  sweepCommand,
  workerCommand,
  runJobCommand,
  partitionCommand,
];
