/**
 * `fedrank report comm RUN...`: per finished run, the bytes one client uploads and downloads per
 * round, the totals, the information content of an upload (log2(n!) for rankings) and the
 * float32 size of the model, from summary.json; as a markdown table or JSON rows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../user-error.js';

export interface CommRow {
  run: string;
  aggregator: string;
  codec: string;
  rounds: number;
  uploadPerClientRound: number;
  downloadPerClientRound: number;
  totalUpload: number;
  totalDownload: number;
  informationPerUpload: number;
  float32PerUpload: number;
  ratioToFloat32: number;
}

function readJson(path: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(
      `${path}: ${code === 'ENOENT' ? 'not found (is this a finished fedrank run directory?)' : 'not valid JSON'}`,
      'runs',
    );
  }
}

export function commRow(dir: string): CommRow {
  const s = readJson(join(dir, 'summary.json'));
  const c = s.communication as Record<string, number | string> | undefined;
  if (!c) throw new CliError(`${join(dir, 'summary.json')}: no communication figures (run made by an older fedrank)`, 'runs');
  const up = Number(c.uploadBytesPerClientRound);
  const float32 = Number(c.float32BytesPerUpload);
  return {
    run: dir,
    aggregator: typeof s.aggregator === 'string' ? s.aggregator : '',
    codec: String(c.codec),
    rounds: Number(s.completedRounds),
    uploadPerClientRound: up,
    downloadPerClientRound: Number(c.downloadBytesPerClientRound),
    totalUpload: Number(c.totalUploadBytes),
    totalDownload: Number(c.totalDownloadBytes),
    informationPerUpload: Number(c.informationBytesPerUpload),
    float32PerUpload: float32,
    ratioToFloat32: up / float32,
  };
}

const mib = (b: number): string => (b / 2 ** 20).toFixed(3);

export function commMarkdown(rows: readonly CommRow[]): string {
  const header = [
    'run',
    'rule',
    'codec',
    'rounds',
    'up MiB/client/round',
    'down MiB/client/round',
    'total up MiB',
    'total down MiB',
    'log2(n!) MiB',
    'float32 MiB',
    'up / float32',
  ];
  const lines = rows.map((r) => [
    r.run,
    r.aggregator,
    r.codec,
    String(r.rounds),
    mib(r.uploadPerClientRound),
    mib(r.downloadPerClientRound),
    mib(r.totalUpload),
    mib(r.totalDownload),
    mib(r.informationPerUpload),
    mib(r.float32PerUpload),
    r.ratioToFloat32.toFixed(3),
  ]);
  let out = `| ${header.join(' | ')} |\n|${header.map(() => ' --- ').join('|')}|\n`;
  for (const l of lines) out += `| ${l.join(' | ')} |\n`;
  return out;
}
