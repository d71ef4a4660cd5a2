/**
 * One `fedrank run`: resolves the output directory, writes config.resolved.yaml, streams one
 * metrics line per evaluated round to metrics.jsonl (appended as each round ends, so an
 * interrupted run keeps every completed round), saves a checkpoint every `checkpoint.every`
 * rounds, at the end and when stopped, and finally the global model and summary.json.
 *
 * With `resume`, a directory holding a finished run returns its summary, one holding a checkpoint
 * continues from it (metrics.jsonl is rewritten from the checkpoint, so lines of rounds after it
 * are computed again), and one holding no run starts fresh.
 */
import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import YAML from 'yaml';
import { initBackend, type BackendInfo } from '@fedrank/tensor';
import { loadDataset, readPartitionFile, type DatasetSplits } from '@fedrank/data';
import {
  runFederation,
  saveModel,
  writeFileAtomic,
  type RoundMetrics,
  type RunConfig,
  type RunResult,
  type RunState,
} from '@fedrank/server';
import { loadPostTrainingBase, loadUserDataset, runPostTraining, type PostTrainingState, type PostTrainingSummary } from '@fedrank/server';
import { CHECKPOINT_FILE, loadCheckpoint, saveCheckpoint, type Checkpoint } from './run-checkpoint.js';
import { loadPluginsOf, loadRunConfigSync } from './config-file.js';
import { CliError } from './user-error.js';
import { createRunLogger, type LogLevel } from './logger.js';
import { createProgressView } from './progress.js';
import { checkClientsFit, checkRunSize } from './run-size-check.js';
import { memoryLimitBytes } from './resource-limit.js';
import { checkOutputDir, checkRunName, makeOutputDir, removeFailedStart } from './output-dir.js';

export interface RunOptions {
  configPath?: string;
  outDir?: string;
  tty?: boolean;
  /** Polled between clients: true stops the run (Ctrl-C). */
  shouldStop?: () => boolean;
  progressStream?: NodeJS.WritableStream;
  /** Continue the run in outDir from its checkpoint (or return it when finished, or start it when empty). */
  resume?: boolean;
  /** Memory the config may plan to allocate (bytes); default: resource-limit.ts's share of the machine. */
  maxMemoryBytes?: number;
  /** No progress, round lines or log lines on the terminal (the log file keeps everything). */
  quiet?: boolean;
  /** The lowest level of log lines shown on a terminal (default info). */
  logLevel?: LogLevel;
}

export interface RunSummary {
  name: string;
  finalAccuracy: number;
  bestAccuracy: number;
  bestRound: number;
  rounds: number;
  completedRounds: number;
  interrupted: boolean;
  wallSeconds: number;
  backend: string;
  backendDetails: string;
  /** Worker threads that trained clients (1 = the main thread). */
  workers: number;
  seed: number;
  dataset: string;
  datasetSource: string;
  arch: string;
  totalEdges: number;
  maskRule: string;
  aggregator: string;
  attack: string;
  attackFraction: number;
  partition: RunResult['partition'];
  communication: RunResult['communication'];
  totalUploadBytes: number;
  totalDownloadBytes: number;
  outDir: string;
  /** Post-training runs: the starting model's test accuracy and the label-free monitor before and after. */
  postTraining?: PostTrainingSummary;
  /** The round the run resumed from (absent when it ran from round 0). */
  resumedFromRound?: number;
  /** Set (not saved) when `resume` found the run already finished and ran nothing. */
  alreadyFinished?: boolean;
}

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
}

export function runName(config: RunConfig, options: RunOptions): string {
  return config.name ?? (options.configPath ? basename(options.configPath, extname(options.configPath)) : 'run');
}

export function resolveOutDir(config: RunConfig, options: RunOptions): string {
  if (options.outDir) return checkOutputDir(options.outDir, options.resume ? '--resume' : '--out');
  return checkOutputDir(resolve('runs', `${checkRunName(runName(config, options))}-${timestamp()}`), 'name');
}

export async function loadRunData(config: RunConfig): Promise<DatasetSplits> {
  if ('module' in config.data) return loadUserDataset(config.data, config.seed);
  return loadDataset({
    dataset: config.data.dataset,
    dir: config.data.dir,
    download: config.data.download,
    synthetic: config.data.synthetic ? { ...config.data.synthetic, seed: config.seed } : { seed: config.seed },
  });
}

/** A finished run's summary in `outDir`, or undefined when it holds none or an interrupted one. */
export function finishedRun(outDir: string): RunSummary | undefined {
  const file = join(outDir, 'summary.json');
  if (!existsSync(file)) return undefined;
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as RunSummary;
    return s.interrupted === false && s.completedRounds === s.rounds ? s : undefined;
  } catch {
    return undefined;
  }
}

export async function executeRun(config: RunConfig, options: RunOptions = {}): Promise<RunSummary> {
  const outDir = resolveOutDir(config, options);
  const metricsPath = join(outDir, 'metrics.jsonl');
  let resumed: Checkpoint | undefined;
  if (options.resume) {
    // A checkpoint of another config, or a damaged one, stops here: nothing is written.
    resumed = loadCheckpoint(outDir, config);
    const done = finishedRun(outDir);
    if (done) return { ...done, alreadyFinished: true };
  } else if (existsSync(metricsPath) && (statSync(metricsPath).size > 0 || existsSync(join(outDir, CHECKPOINT_FILE)))) {
    throw new CliError(`${outDir} already holds a run (metrics.jsonl); choose another --out directory, or --resume it`, '--out');
  }
  // Everything that can fail on bad input happens before the output directory is created.
  checkRunSize(config, options.maxMemoryBytes ?? memoryLimitBytes(undefined));
  const backend: BackendInfo = await initBackend(config.backend);
  const data = await loadRunData(config);
  checkClientsFit(config, data);
  const partition = config.data.partition;
  if (partition.kind === 'file') readPartitionFile(partition.path, data.train.count, config.federation.clients);
  // Post-training (config.postTraining): the base run is loaded and checked before anything is written.
  if (config.postTraining) await loadPluginsOf(join(resolve(config.postTraining.from), 'config.resolved.yaml'));
  const base = config.postTraining ? await loadPostTrainingBase(config, (path) => loadRunConfigSync(path)) : undefined;
  makeOutputDir(outDir, options.outDir ? '--out' : 'name');
  writeFileSync(join(outDir, 'config.resolved.yaml'), YAML.stringify(config));
  // metrics.jsonl holds exactly the checkpoint's rounds: later lines (a run killed after them) are computed again.
  writeFileAtomic(metricsPath, Buffer.from((resumed?.state.metrics ?? []).map((m) => JSON.stringify(m) + '\n').join('')));
  const tty = options.tty ?? false;
  const view = createProgressView(options.quiet ? 'quiet' : tty ? 'tty' : 'lines', options.progressStream);
  const log = createRunLogger(join(outDir, 'run.log'), { terminal: tty && !options.quiet ? view : undefined, level: options.logLevel });
  const name = runName(config, options);
  log.info({ backend }, `backend ${backend.name} (${backend.details})`);
  log.info(
    { dataset: config.data.dataset, source: data.source, train: data.train.count, test: data.test.count },
    `dataset ${config.data.dataset} from ${data.source}`,
  );
  if (resumed) log.info({ round: resumed.state.round }, `resuming from the checkpoint after round ${resumed.state.round}`);

  const started = performance.now();
  const priorSeconds = resumed?.wallSeconds ?? 0;
  const elapsed = (): number => priorSeconds + (performance.now() - started) / 1000;
  const every = config.checkpoint.every;
  const checkpoint = (state: RunState): void => {
    const t = performance.now();
    saveCheckpoint(outDir, config, { state, wallSeconds: elapsed() });
    log.debug({ round: state.round, ms: performance.now() - t }, 'checkpoint saved');
  };

  let result: RunResult;
  let stopNoticed = false;
  const shouldStop = (): boolean => {
    const stop = options.shouldStop?.() ?? false;
    if (stop && !stopNoticed) {
      stopNoticed = true;
      view.line('fedrank: stopping after the current client; the checkpoint will be saved (again to quit at once)');
    }
    return stop;
  };
  let postTraining: PostTrainingSummary | undefined;
  let roundsWritten = 0;
  try {
    const hooks = {
      onRound(m: RoundMetrics) {
        appendFileSync(metricsPath, JSON.stringify(m) + '\n');
        roundsWritten++;
        log.debug({ metrics: m }, `round ${m.round}`);
        view.round(m);
      },
      onProgress: (p: Parameters<typeof view.progress>[0]) => view.progress(p),
      shouldStop,
      onState(state: RunState) {
        if (state.round % every === 0 && state.round < config.federation.rounds) checkpoint(state);
      },
    };
    if (base) {
      const r = await runPostTraining(config, data, base.model, hooks, base, {
        resumeFrom: resumed?.state as PostTrainingState | undefined,
      });
      postTraining = r.postTraining;
      result = r;
    } else {
      result = await runFederation(config, data, hooks, { resumeFrom: resumed?.state });
    }
  } catch (e) {
    // A fresh run that fails before its first round leaves nothing that blocks a retry.
    if (!resumed && roundsWritten === 0) {
      log.error({ err: e }, 'run failed before its first round');
      log.flush();
      removeFailedStart(outDir);
    }
    throw e;
  } finally {
    view.stop();
  }
  // Always at the end, finished or stopped: the state the run reached.
  checkpoint(result.state);
  await saveModel(join(outDir, 'model'), result.model);

  const summary: RunSummary = {
    name,
    finalAccuracy: result.finalAccuracy,
    bestAccuracy: result.bestAccuracy,
    bestRound: result.bestRound,
    rounds: result.rounds,
    completedRounds: result.completedRounds,
    interrupted: result.interrupted,
    wallSeconds: elapsed(),
    backend: backend.name,
    backendDetails: backend.details,
    workers: result.workers,
    seed: config.seed,
    dataset: config.data.dataset,
    datasetSource: data.source,
    arch: result.model.arch.name,
    totalEdges: result.model.arch.totalEdges,
    maskRule: config.model.maskRule,
    aggregator: config.aggregator.kind,
    attack: config.attack.kind,
    attackFraction: config.attack.fraction,
    partition: result.partition,
    communication: result.communication,
    totalUploadBytes: result.communication.totalUploadBytes,
    totalDownloadBytes: result.communication.totalDownloadBytes,
    outDir,
    postTraining,
    resumedFromRound: resumed?.state.round,
  };
  writeFileSync(join(outDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  log.info({ summary }, result.interrupted ? 'run interrupted' : 'run finished');
  log.flush();
  return summary;
}
