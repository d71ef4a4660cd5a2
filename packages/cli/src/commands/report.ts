import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { CliError } from '../user-error.js';

interface ReportArgs {
  what: string;
  runs: string[];
  json?: boolean;
}

interface CommRow {
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
    aggregator: String(s.aggregator ?? ''),
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

/** `fedrank report comm RUN...`: bytes per client per round, totals, ratio to float32 FedAvg. */
export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <what> <runs..>',
  describe: 'Summarize finished runs (what: comm = communication cost)',
  builder: (y) =>
    y
      .positional('what', { type: 'string', choices: ['comm'], demandOption: true })
      .positional('runs', { type: 'string', array: true, demandOption: true, describe: 'run directories' })
      .option('json', { type: 'boolean', default: false }),
  handler: (args) => {
    const rows = args.runs.map(commRow);
    if (args.json) {
      process.stdout.write(JSON.stringify(rows) + '\n');
      return;
    }
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
    process.stdout.write(`| ${header.join(' | ')} |\n|${header.map(() => ' --- ').join('|')}|\n`);
    for (const l of lines) process.stdout.write(`| ${l.join(' | ')} |\n`);
  },
};
