/**
 * Reads one run directory for a report: config.resolved.yaml (the whole resolved config),
 * metrics.jsonl (one line per evaluated round) and, when the run ended, summary.json.
 * A run without summary.json, or whose summary says so, is interrupted; it is still reported with
 * the rounds it finished. A last metrics line cut short (the run was killed mid-write) is dropped.
 * Returns a reason instead of a run when the directory cannot be reported: an unreadable config or
 * metrics line (naming file and line), or no evaluated round.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { CONFIG_FILE, METRICS_FILE } from './discover-runs.js';

const SUMMARY_FILE = 'summary.json';
const LOG_FILE = 'run.log';

const optionalNumber = z.number().optional();

/** One metrics.jsonl line: the fields reports use; the rest are kept as they are. */
const roundSchema = z.looseObject({
  round: z.number().int().nonnegative(),
  accuracy: z.number(),
  loss: optionalNumber,
  seconds: optionalNumber,
  clients: optionalNumber,
  uploadBytes: optionalNumber,
  downloadBytes: optionalNumber,
  uploadBytesPerClient: optionalNumber,
  maliciousClients: optionalNumber,
  rejectedUpdates: optionalNumber,
  agreement: optionalNumber,
  entropy: optionalNumber,
  classBalance: optionalNumber,
});
export type RoundRecord = z.infer<typeof roundSchema>;

const summarySchema = z.looseObject({
  finalAccuracy: optionalNumber,
  bestAccuracy: optionalNumber,
  bestRound: optionalNumber,
  rounds: optionalNumber,
  completedRounds: optionalNumber,
  interrupted: z.boolean().optional(),
  wallSeconds: optionalNumber,
  backend: z.string().optional(),
  communication: z
    .looseObject({
      uploadBytesPerClientRound: optionalNumber,
      informationBytesPerUpload: optionalNumber,
      float32BytesPerUpload: optionalNumber,
      codec: z.string().optional(),
    })
    .optional(),
});
export type RunSummaryFile = z.infer<typeof summarySchema>;

export interface LoadedRun {
  readonly dir: string;
  readonly config: Record<string, unknown>;
  readonly rounds: readonly RoundRecord[];
  /** Absent for a run that never finished (killed, crashed). */
  readonly summary?: RunSummaryFile;
  readonly interrupted: boolean;
  /** The backend that ran it: summary.json, else run.log's first record, else the config's request. */
  readonly backend: string;
  /** Rounds the config asked for. */
  readonly plannedRounds?: number;
  /** Notes worth a warning that do not stop the run being reported (a cut-short last line). */
  readonly notes: readonly string[];
}

export type LoadResult = { readonly ok: true; readonly run: LoadedRun } | { readonly ok: false; readonly reason: string };

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function issueText(error: z.ZodError): string {
  const first = error.issues[0];
  const field = first.path.join('.');
  return field ? `${field}: ${first.message}` : first.message;
}

function parseRounds(path: string, text: string): { rounds: RoundRecord[]; notes: string[] } | { reason: string } {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const rounds: RoundRecord[] = [];
  const notes: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const where = `${path}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(lines[i]);
    } catch {
      // Lines are appended whole as each round ends; only the last can be cut short by a kill.
      if (i === lines.length - 1 && !text.endsWith('\n')) {
        notes.push(`${where}: incomplete last line (the run was stopped while writing it), ignored`);
        break;
      }
      return { reason: `${where}: not a JSON line` };
    }
    const parsed = roundSchema.safeParse(value);
    if (!parsed.success) return { reason: `${where}: ${issueText(parsed.error)} (expected a fedrank metrics line)` };
    rounds.push(parsed.data);
  }
  return { rounds, notes };
}

function backendFromLog(dir: string): string | undefined {
  const first = readText(join(dir, LOG_FILE))?.split('\n', 1)[0];
  if (!first) return undefined;
  try {
    const record = JSON.parse(first) as { backend?: { name?: unknown } };
    return typeof record.backend?.name === 'string' ? record.backend.name : undefined;
  } catch {
    return undefined;
  }
}

export function loadRun(dir: string): LoadResult {
  const configPath = join(dir, CONFIG_FILE);
  let config: unknown;
  try {
    config = YAML.parse(readFileSync(configPath, 'utf8'));
  } catch (e) {
    return { ok: false, reason: `${configPath}: not readable as YAML (${(e as Error).message.split('\n')[0]})` };
  }
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    return { ok: false, reason: `${configPath}: expected a run config (a YAML mapping)` };
  }
  const metricsPath = join(dir, METRICS_FILE);
  const text = readText(metricsPath);
  if (text === undefined) return { ok: false, reason: `${metricsPath}: not readable` };
  const parsed = parseRounds(metricsPath, text);
  if ('reason' in parsed) return { ok: false, reason: parsed.reason };
  if (parsed.rounds.length === 0) return { ok: false, reason: `${dir}: no evaluated round yet (${METRICS_FILE} is empty)` };

  const notes = [...parsed.notes];
  const summaryPath = join(dir, SUMMARY_FILE);
  const summaryText = readText(summaryPath);
  let summary: RunSummaryFile | undefined;
  if (summaryText !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(summaryText);
    } catch {
      json = undefined;
    }
    const result = summarySchema.safeParse(json);
    if (result.success) summary = result.data;
    else notes.push(`${summaryPath}: not a fedrank summary, ignored (the run is reported as interrupted)`);
  }
  const cfg = config as Record<string, unknown>;
  const federation = cfg.federation as { rounds?: unknown } | undefined;
  const requestedBackend = typeof cfg.backend === 'string' ? `${cfg.backend} (requested)` : 'unknown';
  return {
    ok: true,
    run: {
      dir,
      config: cfg,
      rounds: parsed.rounds,
      summary,
      interrupted: summary === undefined || summary.interrupted !== false,
      backend: summary?.backend ?? backendFromLog(dir) ?? requestedBackend,
      plannedRounds: typeof federation?.rounds === 'number' ? federation.rounds : undefined,
      notes,
    },
  };
}
