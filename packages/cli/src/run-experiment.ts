/**
 * One `fedrank run`: resolves the output directory, writes config.resolved.yaml, streams one
 * metrics line per evaluated round to metrics.jsonl (appended as each round ends, so an
 * interrupted run keeps every completed round), saves the final global model and summary.json.
 */
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import YAML from 'yaml';
import { initBackend, type BackendInfo } from '@fedrank/tensor';
import { loadDataset, type DatasetSplits } from '@fedrank/data';
import { runFederation, saveModel, type RoundMetrics, type RunConfig, type RunResult } from '@fedrank/server';
import { loadPostTrainingBase, loadUserDataset, runPostTraining, type PostTrainingSummary } from '@fedrank/server';
import { loadPluginsOf, loadRunConfigSync } from './config-file.js';
import { CliError } from './user-error.js';
import { createRunLogger } from './logger.js';
import { createProgressView } from './progress.js';

export interface RunOptions {
  configPath?: string;
  outDir?: string;
  tty?: boolean;
  /** Polled between clients: true stops the run (Ctrl-C). */
  shouldStop?: () => boolean;
  progressStream?: NodeJS.WritableStream;
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
}

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
}

export function runName(config: RunConfig, options: RunOptions): string {
  return config.name ?? (options.configPath ? basename(options.configPath, extname(options.configPath)) : 'run');
}

export function resolveOutDir(config: RunConfig, options: RunOptions): string {
  if (options.outDir) return resolve(options.outDir);
  return resolve('runs', `${runName(config, options)}-${timestamp()}`);
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

export async function executeRun(config: RunConfig, options: RunOptions = {}): Promise<RunSummary> {
  const outDir = resolveOutDir(config, options);
  if (existsSync(join(outDir, 'metrics.jsonl'))) {
    throw new CliError(`${outDir} already holds a run (metrics.jsonl); choose another --out directory`, '--out');
  }
  // Everything that can fail on bad input happens before the output directory is created.
  const backend: BackendInfo = await initBackend(config.backend);
  const data = await loadRunData(config);
  // Post-training (config.postTraining): the base run is loaded and checked before anything is written.
  if (config.postTraining) await loadPluginsOf(join(resolve(config.postTraining.from), 'config.resolved.yaml'));
  const base = config.postTraining ? await loadPostTrainingBase(config, (path) => loadRunConfigSync(path)) : undefined;
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'config.resolved.yaml'), YAML.stringify(config));
  const metricsPath = join(outDir, 'metrics.jsonl');
  writeFileSync(metricsPath, '');
  const tty = options.tty ?? false;
  const log = createRunLogger(join(outDir, 'run.log'), { tty });
  const name = runName(config, options);
  log.info({ backend }, `backend ${backend.name} (${backend.details})`);
  log.info(
    { dataset: config.data.dataset, source: data.source, train: data.train.count, test: data.test.count },
    `dataset ${config.data.dataset} from ${data.source}`,
  );

  const view = createProgressView(tty, options.progressStream);
  let result: RunResult;
  let postTraining: PostTrainingSummary | undefined;
  try {
    const hooks = {
      onRound(m: RoundMetrics) {
        appendFileSync(metricsPath, JSON.stringify(m) + '\n');
        log.debug({ metrics: m }, `round ${m.round}`);
        view.round(m);
      },
      onProgress: (p: Parameters<typeof view.progress>[0]) => view.progress(p),
      shouldStop: options.shouldStop,
    };
    if (base) {
      const r = await runPostTraining(config, data, base.model, hooks, base);
      postTraining = r.postTraining;
      result = r;
    } else {
      result = await runFederation(config, data, hooks);
    }
  } finally {
    view.stop();
  }
  await saveModel(join(outDir, 'model'), result.model, config.model.hidden);

  const summary: RunSummary = {
    name,
    finalAccuracy: result.finalAccuracy,
    bestAccuracy: result.bestAccuracy,
    bestRound: result.bestRound,
    rounds: result.rounds,
    completedRounds: result.completedRounds,
    interrupted: result.interrupted,
    wallSeconds: result.wallSeconds,
    backend: backend.name,
    backendDetails: backend.details,
    workers: result.workers,
    seed: config.seed,
    dataset: config.data.dataset,
    datasetSource: data.source,
    arch: config.model.arch,
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
  };
  writeFileSync(join(outDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  log.info({ summary }, result.interrupted ? 'run interrupted' : 'run finished');
  log.flush();
  return summary;
}
