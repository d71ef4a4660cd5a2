/**
 * End-to-end tests of `fedrank bench robustness` (the built binary, as a user runs it).
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { bin, buildOnce, repo, runCli, type CliResult } from '../testing/cli-process.js';

beforeAll(buildOnce, 300_000);

const base = `
base:
  seed: 7
  backend: wasm
  data:
    dataset: synthetic
    synthetic: { trainSize: 400, testSize: 200, height: 8, width: 8, channels: 1, numClasses: 4 }
    partition: { kind: iid }
  federation: { clients: 8, clientsPerRound: 4, rounds: 2 }
  model: { arch: mlp, hidden: [16] }
  training: { localEpochs: 1, batchSize: 8 }
`;

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'fedrank-bench-'));
}

type Result = CliResult;

function bench(args: string[]): Promise<Result> {
  return runCli(['bench', 'robustness', ...args]);
}

function csvRows(out: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(join(out, 'results.csv'), 'utf8').trimEnd().split('\n');
  const cols = header.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
}

function summaryTimes(out: string): Record<string, number> {
  const cells = join(out, 'cells');
  return Object.fromEntries(readdirSync(cells).map((id) => [id, statSync(join(cells, id, 'summary.json')).mtimeMs]));
}

describe('fedrank bench robustness', () => {
  it('runs a seeds x frl-vote/none matrix, writes results.csv and results.md, and resumes without rerunning', async () => {
    const dir = tmp();
    const matrix = join(dir, 'seeds.yaml');
    writeFileSync(matrix, `${base}\naggregators: [frl-vote]\nattacks: [none]\nseeds: [1, 2]\n`);
    const out = join(dir, 'out');
    const r = await bench([matrix, '--out', out, '--jobs', '2']);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/bench: 2 cells: 2 to run with 2 jobs, 0 finished earlier, 0 rejected/);
    expect(r.stderr).toMatch(/\[2\/2\] frl-vote--none--f0--s\d: final [01]\.\d{4}/);
    const rows = csvRows(out);
    expect(
      readFileSync(join(out, 'results.csv'), 'utf8')
        .split('\n')[0]
        .startsWith('aggregator,attack,fraction,seed,finalAccuracy,bestAccuracy,attackImpact,'),
    ).toBe(true);
    expect(rows.map((x) => [x.aggregator, x.attack, x.fraction, x.seed, x.attackImpact, x.status, x.rounds])).toEqual([
      ['frl-vote', 'none', '0', '1', '0', 'done', '2'],
      ['frl-vote', 'none', '0', '2', '0', 'done', '2'],
    ]);
    for (const x of rows) {
      const summary = JSON.parse(readFileSync(join(out, 'cells', x.cell, 'summary.json'), 'utf8')) as {
        finalAccuracy: number;
        seed: number;
        workers: number;
      };
      expect(Number(x.finalAccuracy)).toBe(summary.finalAccuracy);
      expect(summary.seed).toBe(Number(x.seed));
      expect(summary.workers).toBe(1);
    }
    // The markdown table is in results.md and on stdout.
    const md = readFileSync(join(out, 'results.md'), 'utf8');
    expect(r.stdout).toBe(md);
    expect(md).toMatch(/\| aggregator \| attack \| 0% \|\n\| --- \| --- \| ---: \|\n\| frl-vote \| none \| 0\.\d{4} \|/);

    // Second invocation: nothing runs, nothing is rewritten.
    const times = summaryTimes(out);
    const again = await bench([matrix, '--out', out]);
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/2 cells: 0 to run .*2 finished earlier/);
    expect(summaryTimes(out)).toEqual(times);
    expect(csvRows(out)).toEqual(rows);

    // A partial cell (no summary.json) is resumed; the other one is kept.
    rmSync(join(out, 'cells', 'frl-vote--none--f0--s2', 'summary.json'));
    const third = await bench([matrix, '--out', out]);
    expect(third.status).toBe(0);
    expect(third.stderr).toMatch(/2 cells: 1 to run .*1 finished earlier/);
    expect(third.stderr).toMatch(/frl-vote--none--f0--s2: unfinished, resuming it/);
    expect(
      (JSON.parse(readFileSync(join(out, 'cells', 'frl-vote--none--f0--s2', 'summary.json'), 'utf8')) as { interrupted: boolean })
        .interrupted,
    ).toBe(false);
    expect(statSync(join(out, 'cells', 'frl-vote--none--f0--s1', 'summary.json')).mtimeMs).toBe(times['frl-vote--none--f0--s1']);
    // Same seed, same accuracy.
    expect(csvRows(out).map((x) => [x.cell, x.finalAccuracy, x.bestAccuracy])).toEqual(
      rows.map((x) => [x.cell, x.finalAccuracy, x.bestAccuracy]),
    );
  });

  it('runs configs/robustness/ci-small.yaml: crossed pairs skipped with a note, attack impact against the same-seed baseline', async () => {
    const out = join(tmp(), 'out');
    const r = await bench(['configs/robustness/ci-small.yaml', '--out', out]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status, r.stderr).toBe(0);
    const rows = csvRows(out);
    expect(rows.map((x) => [x.aggregator, x.attack, x.fraction, x.status])).toEqual([
      ['frl-vote', 'none', '0', 'done'],
      ['frl-vote', 'rank-reversal', '0.25', 'done'],
      ['frl-vote', 'scaling', '0.25', 'skipped'],
      ['fedavg', 'none', '0', 'done'],
      ['fedavg', 'rank-reversal', '0.25', 'skipped'],
      ['fedavg', 'scaling', '0.25', 'done'],
    ]);
    const acc = (cell: string): number => Number(rows.find((x) => x.cell === cell)?.finalAccuracy);
    const scaled = rows.find((x) => x.cell === 'fedavg--scaling--f0.25--s1');
    expect(Number(scaled?.attackImpact)).toBeCloseTo(acc('fedavg--none--f0--s1') - acc('fedavg--scaling--f0.25--s1'), 10);
    expect(readdirSync(join(out, 'cells')).sort()).toEqual([
      'fedavg--none--f0--s1',
      'fedavg--scaling--f0.25--s1',
      'frl-vote--none--f0--s1',
      'frl-vote--rank-reversal--f0.25--s1',
    ]);
    expect(r.stdout).toMatch(/\| fedavg \| scaling \| 0\.\d{4} \| 0\.\d{4} \([+-]0\.\d{4}\) \|/);
    expect(r.stdout).toMatch(/Skipped \(the run config rejects them\):\n\n- frl-vote \/ scaling \(25% seed 1\): attack\.kind: /);
  });

  it('lists the cells of the shipped frl-vs-agrs matrix in a dry run', async () => {
    const r = await bench(['configs/robustness/frl-vs-agrs.yaml', '--dry-run', '--out', join(tmp(), 'out')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/12 cells: 12 to run/);
    expect(r.stdout).toMatch(
      /trimmed-mean--agr-tailored--f0\.2--s1 {2}run\n {4}--set workers=1 --set federation\.rounds=\d+ --set aggregator\.kind=trimmed-mean --set attack\.kind=agr-tailored --set attack\.fraction=0\.2 --set seed=1/,
    );
  });

  it.each([
    ['a missing matrix file', () => '/nonexistent/m.yaml', /^fedrank: \/nonexistent\/m\.yaml: file not found\n$/],
    ['an unknown key', (d: string) => write(d, `${base}\nseeds: [1]\nfractionz: [0]\n`), /: fractionz: unknown key/],
    ['an empty list', (d: string) => write(d, `${base}\naggregators: []\n`), /: aggregators: expected at least one entry/],
    [
      'a misspelt aggregator',
      (d: string) => write(d, `${base}\naggregators: [frl-vote, fedvag]\n`),
      /: aggregators\[1\]: 'fedvag' is rejected by the run config in every cell it appears in \(aggregator\.kind: /,
    ],
    ['a missing base file', (d: string) => write(d, `base: nope.yaml\nseeds: [1]\n`), /: base: .*nope\.yaml: file not found/],
    ['a bad --jobs', (d: string) => write(d, `${base}\nseeds: [1]\n`), /--jobs: expected an integer >= 1/, ['--jobs', '0']],
  ])('rejects %s with one line and exit code 2', async (_name, make, pattern, extra: string[] = []) => {
    const dir = tmp();
    const r = await bench([make(dir), '--out', join(dir, 'out'), ...extra]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('stops on Ctrl-C: no new cells, running ones killed, finished results kept', async () => {
    const dir = tmp();
    const matrix = write(dir, `${base}\nrounds: 2000\nseeds: [1, 2, 3]\n`);
    const out = join(dir, 'out');
    const child = spawn('node', [bin, 'bench', 'robustness', matrix, '--out', out, '--jobs', '1'], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const cellName = (): string | undefined => (existsSync(join(out, 'cells')) ? readdirSync(join(out, 'cells'))[0] : undefined);
    const deadline = Date.now() + 120_000;
    let first: string | undefined;
    while (Date.now() < deadline) {
      first = cellName();
      if (
        first &&
        existsSync(join(out, 'cells', first, 'metrics.jsonl')) &&
        readFileSync(join(out, 'cells', first, 'metrics.jsonl'), 'utf8').split('\n').length > 2
      )
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(130);
    expect(stderr).toMatch(/stopping: no new cells/);
    // Only the first cell was launched, and it was stopped before finishing (SIGTERM: it saves a
    // checkpoint and an interrupted summary, or dies before it has any).
    expect(readdirSync(join(out, 'cells'))).toEqual([first]);
    const summary = join(out, 'cells', first as string, 'summary.json');
    if (existsSync(summary)) expect((JSON.parse(readFileSync(summary, 'utf8')) as { interrupted: boolean }).interrupted).toBe(true);
    expect(csvRows(out).map((x) => x.status)).toEqual(['interrupted', 'pending', 'pending']);
  });
});

function write(dir: string, text: string): string {
  const p = join(dir, 'm.yaml');
  writeFileSync(p, text);
  return p;
}
