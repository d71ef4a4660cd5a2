/**
 * `fedrank bench robustness`: a front end of the sweep machinery (sweep/run-jobs-locally.ts).
 * Expands the matrix, reuses finished cells, resumes or runs the others as `fedrank run-job` child
 * processes (`jobs` at a time), and writes `<out>/results.csv` and `<out>/results.md` (rewritten
 * as each cell finishes, so they can be read while it runs).
 *
 *   <out>/cells/<cell-id>/   one run directory per cell (+ job.json, bench-output.log)
 *   <out>/base.yaml          the base config, when the matrix holds it inline
 *   <out>/results.csv, results.md
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { RunConfig } from '@fedrank/server';
import { availableParallelism } from 'node:os';
import { basename, extname, join, relative, resolve } from 'node:path';
import YAML from 'yaml';
import { parseRunConfig } from '@fedrank/server';
import { applyOverrides } from '../config-file.js';
import { isUserFacingError } from '../user-error.js';
import { expandCells, type Cell, type CellCheck, type CellPlan } from './cells.js';
import { clearStaleCellDir, inspectCellDir, isFinishedRun, OUTPUT_FILE, type CellStamp } from './cell-dir.js';
import { runJobsLocally, type LocalJob } from '../sweep/run-jobs-locally.js';
import type { RunExit } from '../sweep/run-process.js';
import { readRunDirResult } from '../sweep/run-dir-result.js';
import { toCsv } from './csv.js';
import { loadMatrix, type LoadedMatrix } from './load-matrix.js';
import { toMarkdown } from './markdown.js';
import { MatrixError } from './matrix-error.js';
import { createBenchProgress } from './progress.js';
import { resultRows, type CellOutcome } from './results.js';

export interface BenchOptions {
  readonly matrixPath: string;
  /** Default: runs/bench-<matrix name> (fixed, so that running the command again resumes). */
  readonly outDir?: string;
  /** Cells run at once (default: the number of cores). */
  readonly jobs?: number;
  /** List the cells and what would happen to each; run nothing, write nothing. */
  readonly dryRun?: boolean;
  readonly tty?: boolean;
  /** Aborting stops launching cells and kills the running ones (finished cells are kept). */
  readonly signal?: AbortSignal;
  readonly progressStream?: NodeJS.WritableStream;
  /** The fedrank launcher the cells run (default: this package's bin/fedrank.js). */
  readonly bin?: string;
}

export interface BenchReport {
  readonly outDir: string;
  readonly outcomes: readonly CellOutcome[];
  /** The results table (results.md), or the cell list of a dry run. */
  readonly markdown: string;
  readonly interrupted: boolean;
  readonly ran: number;
  readonly failed: number;
}

export function defaultBenchOutDir(matrixPath: string): string {
  return resolve('runs', `bench-${basename(matrixPath, extname(matrixPath))}`);
}

/** Dry validation of a cell: the base config, the cell's overrides, the run config schema. */
export function configCheck(base: Readonly<Record<string, unknown>>): CellCheck {
  return (overrides) => {
    let input: unknown = base;
    try {
      input = applyOverrides(base, overrides);
      return { config: parseRunConfig(input) };
    } catch (e) {
      if (isUserFacingError(e)) return { config: input, error: e.message };
      throw e;
    }
  };
}

function writeAtomic(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

/** A path for messages: relative to the working directory when inside it, absolute otherwise. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}

function describeRun(o: CellOutcome): string {
  const r = o.run;
  if (o.status !== 'done' || !r) return `${o.status}${o.note ? ` (${o.note})` : ''}`;
  const acc = (x: number): string => (Number.isFinite(x) ? x.toFixed(4) : 'n/a');
  return `final ${acc(r.finalAccuracy)}, best ${acc(r.bestAccuracy)}, ${r.wallSeconds.toFixed(1)} s`;
}

function planLines(plan: CellPlan, outcomes: readonly CellOutcome[], toRun: ReadonlySet<string>): string {
  const lines = plan.cells.map((c, i) => {
    const o = outcomes[i];
    const what = toRun.has(c.id) ? 'run' : o.status === 'done' ? 'finished' : o.status;
    return `${c.id}  ${what}${o.note ? ` (${o.note})` : ''}\n    --set ${c.overrides.join(' --set ')}`;
  });
  return lines.join('\n') + '\n';
}

export async function runRobustnessBench(options: BenchOptions): Promise<BenchReport> {
  const jobs = options.jobs ?? availableParallelism();
  if (!(Number.isInteger(jobs) && jobs >= 1)) throw new MatrixError(`expected an integer >= 1, got ${jobs}`, '--jobs');
  const loaded: LoadedMatrix = loadMatrix(options.matrixPath);
  const plan = expandCells(loaded.matrix, configCheck(loaded.base));
  const outDir = options.outDir ? resolve(options.outDir) : defaultBenchOutDir(options.matrixPath);
  const cellsDir = join(outDir, 'cells');
  const baseFile = loaded.baseFile ?? join(outDir, 'base.yaml');
  const out = options.progressStream ?? process.stderr;

  // What each cell's directory holds already decides whether it runs.
  const notes: string[] = [];
  const stale = new Set<string>();
  const outcomes: CellOutcome[] = plan.cells.map((cell) => {
    if (cell.rejected !== undefined) return { cell, status: 'skipped', note: cell.rejected };
    const dir = join(cellsDir, cell.id);
    const state = inspectCellDir(dir, applyOverrides(loaded.base, cell.overrides));
    if (state.kind === 'finished') {
      try {
        return { cell, status: 'done', run: readRunDirResult(dir) };
      } catch {
        notes.push(`${cell.id}: unreadable summary.json, running it again`);
      }
    } else if (state.kind === 'stale') {
      notes.push(`${cell.id}: ran with another config (${state.field} differs), running it again`);
      stale.add(cell.id);
    } else if (state.kind === 'partial') {
      notes.push(`${cell.id}: unfinished, resuming it`);
    }
    return { cell, status: 'pending' };
  });
  const toRun = plan.cells.filter((_, i) => outcomes[i].status === 'pending');
  const toRunIds = new Set(toRun.map((c) => c.id));
  const finishedBefore = outcomes.filter((o) => o.status === 'done').length;
  const skipped = outcomes.filter((o) => o.status === 'skipped').length;
  const headline =
    `bench: ${plan.cells.length} cells: ${toRun.length} to run with ${Math.min(jobs, Math.max(1, toRun.length))} jobs, ` +
    `${finishedBefore} finished earlier, ${skipped} rejected by the run config -> ${shown(outDir)}`;

  if (options.dryRun) {
    return {
      outDir,
      outcomes,
      markdown: `${[headline, ...notes].join('\n')}\n${planLines(plan, outcomes, toRunIds)}`,
      interrupted: false,
      ran: 0,
      failed: 0,
    };
  }

  mkdirSync(cellsDir, { recursive: true });
  if (!loaded.baseFile) writeFileSync(baseFile, YAML.stringify(loaded.base));
  const rounds = loaded.matrix.rounds;
  const markdownOptions = {
    title: `Robustness: ${basename(loaded.file)}`,
    notes: [`Matrix \`${shown(loaded.file)}\`, base \`${shown(baseFile)}\`${rounds !== undefined ? `, ${rounds} rounds` : ''}.`],
  };
  const writeResults = (): string => {
    const rows = resultRows(outcomes);
    const markdown = toMarkdown(plan.requested, rows, markdownOptions);
    writeAtomic(join(outDir, 'results.csv'), toCsv(rows));
    writeAtomic(join(outDir, 'results.md'), markdown);
    return markdown;
  };
  writeResults();

  const progress = createBenchProgress(toRun.length, options.tty ?? false, out);
  progress.line(headline);
  for (const n of notes) progress.line(n);
  for (const o of outcomes) {
    if (o.status === 'skipped') progress.line(`skip ${o.cell.id}: ${o.note}`);
  }

  const signal = options.signal;
  let finished = 0;
  let ran = 0;
  const index = new Map(plan.cells.map((c, i) => [c.id, i]));
  interface CellJob extends LocalJob {
    readonly cell: Cell;
  }
  const cellJobs: CellJob[] = toRun.map((cell) => {
    const dir = join(cellsDir, cell.id);
    const input = applyOverrides(loaded.base, cell.overrides);
    const stamp: CellStamp = { id: cell.id, base: baseFile, overrides: cell.overrides, input };
    // expandCells validated every cell it did not reject, so this parse cannot fail.
    const config: RunConfig = parseRunConfig(input);
    return { cell, dir, job: { ...stamp, config } };
  });
  const onExit = (job: CellJob, exit: RunExit, running: number): void => {
    const { cell, dir } = job;
    ran++;
    let outcome: CellOutcome;
    if (exit.code === 0 && isFinishedRun(dir)) {
      try {
        outcome = { cell, status: 'done', run: readRunDirResult(dir) };
      } catch (e) {
        outcome = { cell, status: 'failed', note: `unreadable summary.json: ${(e as Error).message}` };
      }
    } else if (signal?.aborted) {
      outcome = { cell, status: 'interrupted', note: 'stopped by Ctrl-C' };
    } else if (exit.code === 2) {
      // The run rejected its config (a check beyond the schema): skipped, like a dry-run rejection.
      rmSync(dir, { recursive: true, force: true });
      outcome = { cell, status: 'skipped', note: exit.message ?? 'rejected by fedrank run (exit code 2)' };
    } else {
      const how = exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
      outcome = { cell, status: 'failed', note: `${how}${exit.message ? `: ${exit.message}` : ''}` };
    }
    outcomes[index.get(cell.id) as number] = outcome;
    finished++;
    progress.update(finished, running);
    progress.line(`[${finished}/${toRun.length}] ${cell.id}: ${describeRun(outcome)}`);
    writeResults();
  };

  for (const id of stale) clearStaleCellDir(join(cellsDir, id));
  try {
    await runJobsLocally(cellJobs, {
      processes: jobs,
      logFile: OUTPUT_FILE,
      signal,
      bin: options.bin,
      onStart: (_job, running) => progress.update(finished, running),
      onExit,
    });
  } finally {
    progress.stop();
  }
  const interrupted = signal?.aborted ?? false;
  const markdown = writeResults();
  return { outDir, outcomes, markdown, interrupted, ran, failed: outcomes.filter((o) => o.status === 'failed').length };
}
