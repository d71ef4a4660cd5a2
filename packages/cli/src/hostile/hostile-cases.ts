/**
 * The hostile-input cases, one per row: what the case writes into its own directory, the
 * `fedrank` arguments (run with that directory as the working directory), the exit code, a
 * pattern the one stderr line must match, and a peak-RSS bound. `after` checks what the case
 * must have left alone.
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { encodeIdx } from '@fedrank/data';
import { gzipBomb, infoInstance, mnistFiles, runConfig, write } from './fixtures.js';

export interface HostileCase {
  name: string;
  family: 'memory' | 'hang' | 'one line' | 'lost work';
  /** Writes the case's files into `dir` and returns the CLI arguments. */
  prepare: (dir: string) => string[];
  exit: number;
  stderr: RegExp;
  /** Peak RSS bound of the child in MiB (default DEFAULT_RSS_MIB). */
  maxRssMiB?: number;
  after?: (dir: string) => void;
}

export const DEFAULT_RSS_MIB = 1024;

function expectUnchanged(file: string, content: string): void {
  if (readFileSync(file, 'utf8') !== content) throw new Error(`${file} was overwritten`);
}

const facility = (...more: string[]): string[] => ['mechanism', 'facility', '--mechanism', 'median', ...more];
/** n locations, short enough that 20000 fit in one argument (Linux caps one at 128 KiB). */
const agents = (n: number): string => Array.from({ length: n }, (_, i) => String((i % 10) / 10)).join(',');

export const HOSTILE_CASES: HostileCase[] = [
  // --- memory: inputs whose naive handling exhausts memory
  {
    name: 'gzip bomb as a dataset file',
    family: 'memory',
    prepare: (dir) => {
      mnistFiles(join(dir, 'mnist'), gzipBomb(1024), 10);
      write(dir, 'c.yaml', runConfig({ data: { dataset: 'mnist', dir: join(dir, 'mnist') } }));
      return ['run', 'c.yaml', '--out', 'out'];
    },
    exit: 2,
    stderr: /train-images-idx3-ubyte\.gz.*(more than|exceeds|oversized)/,
    maxRssMiB: 400,
  },
  {
    name: 'IDX file of 0 images',
    family: 'lost work',
    prepare: (dir) => {
      mnistFiles(join(dir, 'mnist'), encodeIdx([0, 28, 28], new Uint8Array(0)), 0);
      write(dir, 'c.yaml', runConfig({ data: { dataset: 'mnist', dir: join(dir, 'mnist') } }));
      return ['run', 'c.yaml', '--out', 'out'];
    },
    exit: 2,
    stderr: /train-images-idx3-ubyte\.gz.*0 images/,
  },
  {
    name: 'IDX file of 0x0 images',
    family: 'lost work',
    prepare: (dir) => {
      mnistFiles(join(dir, 'mnist'), encodeIdx([10, 0, 0], new Uint8Array(0)), 10);
      write(dir, 'c.yaml', runConfig({ data: { dataset: 'mnist', dir: join(dir, 'mnist') } }));
      return ['run', 'c.yaml', '--out', 'out'];
    },
    exit: 2,
    stderr: /train-images-idx3-ubyte\.gz.*0x0/,
  },
  {
    name: 'federation.clients far larger than the training set',
    family: 'memory',
    prepare: (dir) => {
      write(dir, 'c.yaml', runConfig({ federation: { clients: 1_000_000, clientsPerRound: 2 } }));
      return ['run', 'c.yaml', '--out', 'out'];
    },
    exit: 2,
    stderr: /federation\.clients: 1000000 clients need at least 1 training sample each.*200 samples/,
  },
  {
    name: 'mlp layer width 1e9',
    family: 'one line',
    prepare: (dir) => {
      write(dir, 'c.yaml', runConfig({ model: { arch: 'mlp', hidden: [1_000_000_000] } }));
      return ['run', 'c.yaml', '--out', 'out'];
    },
    exit: 2,
    stderr: /model\.hidden.*limit/,
  },
  {
    name: 'synthetic images that cannot be allocated',
    family: 'one line',
    prepare: (dir) => {
      write(
        dir,
        'c.yaml',
        runConfig({ data: { dataset: 'synthetic', synthetic: { trainSize: 100000, height: 4096, width: 4096, channels: 64 } } }),
      );
      return ['run', 'c.yaml', '--out', 'out'];
    },
    exit: 2,
    stderr: /data\.synthetic.*limit/,
  },
  {
    // median holds every update (a reducible rule such as frl-vote folds them as they arrive).
    name: 'federation.clientsPerRound 100000 with a conv model',
    family: 'memory',
    prepare: (dir) => {
      write(
        dir,
        'c.yaml',
        runConfig({
          data: { dataset: 'synthetic', synthetic: { trainSize: 200, testSize: 50, height: 32, width: 32, channels: 3 } },
          federation: { clients: 100_000, clientsPerRound: 100_000, rounds: 1 },
          model: { arch: 'conv4' },
          aggregator: { kind: 'median' },
        }),
      );
      return ['run', 'c.yaml', '--out', 'out'];
    },
    exit: 2,
    stderr:
      /^fedrank: federation\.clientsPerRound: the run would need about [\d.]+ [GT]iB, over the limit of [^:]+: [\d.]+ [GT]iB for the round's 100000 uploads \(dense weights.*--max-memory/,
  },
  {
    // At a stated limit (8 GiB, the default on a 16 GiB machine), so that no machine starts the 64 workers.
    name: 'workers 64 with conv8 at CIFAR shape',
    family: 'memory',
    prepare: (dir) => {
      write(
        dir,
        'c.yaml',
        runConfig({
          workers: 64,
          data: { dataset: 'synthetic', synthetic: { trainSize: 200, testSize: 50, height: 32, width: 32, channels: 3 } },
          federation: { clients: 64, clientsPerRound: 64, rounds: 1 },
          model: { arch: 'conv8' },
        }),
      );
      return ['run', 'c.yaml', '--out', 'out', '--max-memory', '8192'];
    },
    exit: 2,
    stderr: /^fedrank: workers: the run would need about [\d.]+ GiB, over the limit of 8\.00 GiB: [\d.]+ GiB for 64 worker threads/,
  },
  {
    name: '50 MB YAML config',
    family: 'memory',
    prepare: (dir) => {
      write(dir, 'c.yaml', runConfig() + `padding: "${'x'.repeat(50 << 20)}"\n`);
      return ['run', 'c.yaml', '--out', 'out'];
    },
    exit: 2,
    stderr: /c\.yaml.*larger than/,
    maxRssMiB: 300,
  },
  {
    name: 'billion-laughs YAML config',
    family: 'memory',
    prepare: (dir) => {
      const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
      for (let i = 1; i < 10; i++)
        lines.push(
          `a${i}: &a${i} [${Array(10)
            .fill(`*a${i - 1}`)
            .join(', ')}]`,
        );
      write(dir, 'c.yaml', lines.join('\n') + '\n');
      return ['run', 'c.yaml', '--out', 'out'];
    },
    exit: 2,
    stderr: /c\.yaml/,
  },
  {
    name: 'information-acquisition instance whose LP is huge',
    family: 'memory',
    prepare: (dir) => {
      write(dir, 'i.json', infoInstance(3, 40));
      return ['mechanism', 'info-acquisition', 'i.json'];
    },
    exit: 2,
    stderr: /LP.*limit.*--max-/,
  },
  {
    name: 'information-acquisition instance whose signal space overflows',
    family: 'one line',
    prepare: (dir) => {
      write(dir, 'i.json', infoInstance(8, 200));
      return ['mechanism', 'info-acquisition', 'i.json'];
    },
    exit: 2,
    stderr: /i\.json.*signal/,
  },
  {
    name: 'instance file of 50 MB',
    family: 'memory',
    prepare: (dir) => {
      write(dir, 'i.json', `{"pad": "${'x'.repeat(50 << 20)}"}`);
      return ['mechanism', 'info-acquisition', 'i.json'];
    },
    exit: 2,
    stderr: /i\.json.*larger than/,
    maxRssMiB: 300,
  },
  {
    name: 'duplicate JSON keys in an instance file',
    family: 'lost work',
    prepare: (dir) => {
      const text = readFileSync(join(__dirname, '../../../../configs/mechanisms/single-agent-cost-0.1.json'), 'utf8');
      write(dir, 'i.json', text.replace('"prior": [0.5, 0.5],', '"prior": [0.5, 0.5],\n  "prior": [0.9, 0.1],'));
      return ['mechanism', 'info-acquisition', 'i.json'];
    },
    exit: 2,
    stderr: /i\.json.*prior.*(twice|duplicate)/,
  },
  {
    name: 'facility PF check on 5000 agents',
    family: 'memory',
    prepare: () => facility('--profile', agents(5000), '--check', 'axioms'),
    exit: 2,
    stderr: /--profile: the PF check on 5000 agents.*over the limit.*--max-memory/,
  },
  {
    name: '--grid-step 1e-12',
    family: 'memory',
    prepare: () => facility('--profile', '0.1,0.5,0.9', '--check', 'strategyproofness', '--search', 'grid', '--grid-step', '1e-12'),
    exit: 2,
    stderr: /grid-step.*limit/,
  },
  // --- hangs
  {
    name: '--out under /proc',
    family: 'hang',
    prepare: (dir) => {
      write(dir, 'c.yaml', runConfig());
      return ['run', 'c.yaml', '--out', '/proc/fedrank-hostile/out'];
    },
    exit: 2,
    stderr: /\/proc\/fedrank-hostile\/out/,
  },
  {
    name: '--online --horizon 1e12',
    family: 'hang',
    prepare: () => [
      'mechanism',
      'info-acquisition',
      join(__dirname, '../../../../configs/mechanisms/single-agent-cost-0.1.json'),
      '--online',
      '--horizon',
      '1e12',
    ],
    exit: 2,
    stderr: /horizon.*limit/,
  },
  {
    name: '--worst-case --samples 1e12',
    family: 'hang',
    prepare: () => facility('--worst-case', '--n', '3', '--family', 'random', '--samples', '1e12'),
    exit: 2,
    stderr: /samples.*limit/,
  },
  {
    name: 'strategyproofness on 20000 agents',
    family: 'hang',
    prepare: () => facility('--profile', agents(20000), '--check', 'strategyproofness'),
    exit: 2,
    stderr: /limit/,
  },
  // --- one line instead of a stack trace
  {
    name: '--out is an existing file',
    family: 'one line',
    prepare: (dir) => {
      write(dir, 'c.yaml', runConfig());
      write(dir, 'taken', 'mine');
      return ['run', 'c.yaml', '--out', 'taken'];
    },
    exit: 2,
    stderr: /taken.*not a directory/,
    after: (dir) => expectUnchanged(join(dir, 'taken'), 'mine'),
  },
  {
    name: '--out is a path under a file',
    family: 'one line',
    prepare: (dir) => {
      write(dir, 'c.yaml', runConfig());
      write(dir, 'taken', 'mine');
      return ['run', 'c.yaml', '--out', 'taken/sub'];
    },
    exit: 2,
    stderr: /taken.*not a directory/,
    after: (dir) => expectUnchanged(join(dir, 'taken'), 'mine'),
  },
  {
    name: '--out is a dangling symlink',
    family: 'one line',
    prepare: (dir) => {
      write(dir, 'c.yaml', runConfig());
      symlinkSync(join(dir, 'nowhere'), join(dir, 'link'));
      return ['run', 'c.yaml', '--out', 'link'];
    },
    exit: 2,
    stderr: /link.*dangling symlink/,
  },
  {
    name: 'bench --out is a file',
    family: 'one line',
    prepare: (dir) => {
      write(dir, 'taken', 'mine');
      return ['bench', 'robustness', join(__dirname, '../../../../configs/robustness/ci-small.yaml'), '--out', 'taken'];
    },
    exit: 2,
    stderr: /taken.*not a directory/,
    after: (dir) => expectUnchanged(join(dir, 'taken'), 'mine'),
  },
  // --- work lost or silently wrong
  {
    name: 'bench --out into a non-empty directory of the user',
    family: 'lost work',
    prepare: (dir) => {
      write(dir, 'mine/base.yaml', 'my base');
      write(dir, 'mine/results.md', 'my results');
      return ['bench', 'robustness', join(__dirname, '../../../../configs/robustness/ci-small.yaml'), '--out', 'mine', '--dry-run'];
    },
    exit: 2,
    stderr: /mine.*not empty/,
    after: (dir) => {
      expectUnchanged(join(dir, 'mine/base.yaml'), 'my base');
      expectUnchanged(join(dir, 'mine/results.md'), 'my results');
    },
  },
  {
    name: 'name: ../../.. cannot escape runs/',
    family: 'lost work',
    prepare: (dir) => {
      mkdirSync(join(dir, 'work'));
      write(dir, 'work/c.yaml', `name: ../../..\n${runConfig({ federation: { clients: 1_000_000, clientsPerRound: 2 } })}`);
      return ['run', 'work/c.yaml'];
    },
    exit: 2,
    stderr: /name: expected a plain name/,
    after: (dir) => {
      if (existsSync(join(dir, 'runs'))) throw new Error('runs/ was created');
    },
  },
  {
    name: 'a run failing at start-up leaves nothing that blocks a retry',
    family: 'lost work',
    prepare: (dir) => {
      // An empty metrics.jsonl, as a run killed at start-up leaves, does not block the retry: it fails on its own error.
      write(dir, 'out/metrics.jsonl', '');
      write(dir, 'c.yaml', runConfig({ model: { arch: 'mlp', hidden: [1_000_000_000] } }));
      return ['run', 'c.yaml', '--out', 'out'];
    },
    exit: 2,
    stderr: /model\.hidden: an mlp of widths \[1000000000\].*over the limit/,
  },
];
