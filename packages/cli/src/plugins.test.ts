/**
 * User plugins through the built CLI: the README's "Extending fedrank" example
 * (examples/plugins/custom.yaml: a plugin rule under a plugin attack) runs, records each module's
 * path and content hash in config.resolved.yaml, and can be evaluated again from it; a bad plugin
 * is one line naming the key and exit 2, with nothing written.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, repo, runCli } from './testing/cli-process.js';
import { metricsWithoutTimes } from './testing/run-metrics.js';

beforeAll(buildOnce, 300_000);

const example = 'examples/plugins/custom.yaml';
const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const tmp = (): string => mkdtempSync(join(tmpdir(), 'fedrank-plugins-'));

interface Metrics {
  round: number;
  accuracy: number;
  loss: number;
  maliciousClients: number;
}
const metricsOf = (dir: string): Metrics[] =>
  readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Metrics);

/** Runs the CLI and expects a user error: exit 2, one line on stderr naming `field`, no output directory. */
async function expectUserError(args: string[], field: string): Promise<string> {
  const out = join(tmp(), 'run');
  const r = await runCli([...args, '--out', out], { timeoutMs: 120_000 });
  expect(r.status, r.stderr).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toContain(`${field}: `);
  expect(existsSync(out)).toBe(false);
  return lines[0];
}

describe('user plugins (README: Extending fedrank)', () => {
  it('runs the example: a plugin rule under a plugin attack, with module paths and hashes recorded', async () => {
    const out = join(tmp(), 'custom');
    const r = await runCli(['run', example, '--out', out], { timeoutMs: 240_000 });
    expect(r.status, r.stderr).toBe(0);
    const resolved = YAML.parse(readFileSync(join(out, 'config.resolved.yaml'), 'utf8')) as {
      aggregator: Record<string, unknown>;
      attack: Record<string, unknown>;
    };
    const rule = join(repo, 'examples/plugins/clipped-mean.mjs');
    const attack = join(repo, 'examples/plugins/negative-mean.mjs');
    expect(resolved.aggregator).toEqual({ module: rule, sha256: sha256(rule), kind: 'clipped-mean', clip: 0.05 });
    expect(resolved.attack).toEqual({
      module: attack,
      sha256: sha256(attack),
      kind: 'negative-mean',
      fraction: 0.25,
      seesBenign: true,
      scale: 3,
    });
    const metrics = metricsOf(out);
    expect(metrics.map((m) => m.round)).toEqual([0, 1, 2]);
    expect(metrics.every((m) => m.maliciousClients > 0 && m.accuracy >= 0 && m.accuracy <= 1 && Number.isFinite(m.loss))).toBe(true);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, unknown>;
    expect(summary.aggregator).toBe('clipped-mean');
    expect(summary.attack).toBe('negative-mean');
    expect(summary.finalAccuracy).toBe(metrics[2].accuracy);

    // The attack is real: without it the same seed gives another trajectory.
    const clean = join(tmp(), 'clean');
    const c = await runCli(['run', example, '--out', clean, '--set', 'attack.fraction=0'], { timeoutMs: 240_000 });
    expect(c.status, c.stderr).toBe(0);
    expect(metricsOf(clean).map((m) => m.loss)).not.toEqual(metrics.map((m) => m.loss));

    // The recorded config reloads the modules (hash checked) and evaluates the saved model again.
    const e = await runCli(['eval', out], { timeoutMs: 120_000 });
    expect(e.status, e.stderr).toBe(0);
    expect(e.stdout).toContain(`accuracy ${metrics[2].accuracy.toFixed(4)}`);

    // A module whose bytes changed since the run is refused, naming the hash key.
    const copy = join(tmp(), 'changed');
    cpSync(out, copy, { recursive: true });
    const yamlPath = join(copy, 'config.resolved.yaml');
    writeFileSync(yamlPath, readFileSync(yamlPath, 'utf8').replace(sha256(rule), '0'.repeat(64)));
    const changed = await runCli(['eval', copy], { timeoutMs: 120_000 });
    expect(changed.status).toBe(2);
    expect(changed.stderr.trim()).toMatch(/aggregator\.sha256: .*changed since the config was written/);
  }, 600_000);

  it('a missing module, a module without a descriptor and a bad parameter are one line naming the key, exit 2', async () => {
    const dir = tmp();
    const noDescriptor = join(dir, 'no-descriptor.mjs');
    writeFileSync(noDescriptor, 'export const rule = {};\n');
    const notARule = join(dir, 'not-a-rule.mjs');
    writeFileSync(notARule, "export default { kind: 'x', consumes: 'signs', params: {}, create() {} };\n");
    expect(await expectUserError(['run', example, '--set', 'aggregator.module=./missing.mjs'], 'aggregator.module')).toMatch(
      /missing\.mjs: file not found/,
    );
    expect(await expectUserError(['run', example, '--set', `attack.module=${noDescriptor}`], 'attack.module')).toMatch(
      /exports no descriptor/,
    );
    expect(await expectUserError(['run', example, '--set', `aggregator.module=${notARule}`], 'aggregator.module')).toMatch(
      /descriptor\.consumes/,
    );
    await expectUserError(['run', example, '--set', 'aggregator.clip=-1'], 'aggregator.clip');
    await expectUserError(['run', example, '--set', 'attack.scale=big'], 'attack.scale');
    expect(await expectUserError(['run', example, '--set', 'aggregator.alpha=1'], 'aggregator.alpha')).toMatch(
      /unknown key for aggregator plugin 'clipped-mean'/,
    );
  }, 600_000);

  it('loads a dataset plugin (examples/plugins/custom-data.yaml), records it, and checks what it returns', async () => {
    const out = join(tmp(), 'data');
    const r = await runCli(['run', 'examples/plugins/custom-data.yaml', '--out', out], { timeoutMs: 240_000 });
    expect(r.status, r.stderr).toBe(0);
    const loader = join(repo, 'examples/plugins/stripes.mjs');
    const resolved = YAML.parse(readFileSync(join(out, 'config.resolved.yaml'), 'utf8')) as { data: Record<string, unknown> };
    expect(resolved.data).toEqual({
      module: loader,
      sha256: sha256(loader),
      dataset: 'stripes',
      size: 6,
      trainSize: 400,
      testSize: 100,
      noise: 0.8,
      partition: { kind: 'iid' },
    });
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, unknown>;
    expect(summary.dataset).toBe('stripes');
    expect(summary.datasetSource).toBe('stripes 6x6, noise 0.8, seed 5');
    expect(metricsOf(out).map((m) => m.round)).toEqual([0, 1, 2]);

    const dir = tmp();
    const badLabels = join(dir, 'bad-labels.mjs');
    writeFileSync(
      badLabels,
      `export default { kind: 'bad-labels', params: { safeParse: (v) => ({ success: true, data: v }) },
  load: () => ({ height: 1, width: 1, channels: 1, numClasses: 2,
    train: { images: Float32Array.of(0, 1), labels: [0, 7] }, test: { images: Float32Array.of(0), labels: [1] } }) };\n`,
    );
    expect(
      await expectUserError(
        [
          'run',
          'examples/plugins/custom-data.yaml',
          '--set',
          `data.module=${badLabels}`,
          '--set',
          'data.size=null',
          '--set',
          'data.noise=null',
        ],
        'data.module',
      ),
    ).toMatch(/train\.labels\[1\] = 7 is not a class in 0\.\.1/);
    await expectUserError(['run', 'examples/plugins/custom-data.yaml', '--set', 'data.size=2'], 'data.size');
  }, 600_000);

  it('trains a plugin architecture (examples/plugins/custom-arch.yaml) in client threads that receive its layer list', async () => {
    const out = join(tmp(), 'arch');
    const r = await runCli(['run', 'examples/plugins/custom-arch.yaml', '--out', out], { timeoutMs: 240_000 });
    expect(r.status, r.stderr).toBe(0);
    const plugin = join(repo, 'examples/plugins/tiny-cnn.mjs');
    const resolved = YAML.parse(readFileSync(join(out, 'config.resolved.yaml'), 'utf8')) as { workers: number; model: { arch: unknown } };
    expect(resolved.workers).toBe(2);
    expect(resolved.model.arch).toEqual({ module: plugin, sha256: sha256(plugin), kind: 'tiny-cnn', channels: 8, hidden: 32 });
    const layers = [{ conv: 8 }, 'relu', 'pool', 'flatten', { dense: 32 }, 'relu', { dense: 'classes' }];
    const manifest = JSON.parse(readFileSync(join(out, 'model/model.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.arch).toBe('tiny-cnn');
    expect(manifest.network).toEqual(layers);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, unknown>;
    expect(summary.arch).toBe('tiny-cnn');
    expect(summary.totalEdges).toBe(9 * 8 + 4 * 4 * 8 * 32 + 32 * 4);
    const metrics = metricsOf(out);
    expect(metrics.map((m) => m.round)).toEqual([0, 1, 2]);

    // The same network given inline trains to the same numbers, in one thread as in two.
    const inline = join(tmp(), 'inline');
    const i = await runCli(
      [
        'run',
        'examples/plugins/custom-arch.yaml',
        '--out',
        inline,
        '--set',
        `model.arch={name: tiny, layers: ${JSON.stringify(layers)}}`,
        '--set',
        'workers=0',
      ],
      { timeoutMs: 240_000 },
    );
    expect(i.status, i.stderr).toBe(0);
    expect(metricsWithoutTimes(inline)).toEqual(metricsWithoutTimes(out));

    // fedrank eval rebuilds the network from the saved model.
    const e = await runCli(['eval', out], { timeoutMs: 120_000 });
    expect(e.status, e.stderr).toBe(0);
    expect(e.stdout).toContain(`accuracy ${metrics[2].accuracy.toFixed(4)}`);

    expect(
      await expectUserError(
        ['run', 'examples/plugins/custom-arch.yaml', '--set', 'model.arch={layers: [{conv: 8}, {dense: classes}]}'],
        'model.arch.layers[1]',
      ),
    ).toMatch(/dense before flatten/);
    await expectUserError(['run', 'examples/plugins/custom-arch.yaml', '--set', 'model.arch.hidden=-1'], 'model.arch.hidden');
    const badLayers = join(tmp(), 'bad-layers.mjs');
    writeFileSync(
      badLayers,
      "export default { kind: 'bad-net', params: { safeParse: (v) => ({ success: true, data: v }) }, layers: () => ['flatten', { dense: 0 }] };\n",
    );
    expect(
      await expectUserError(['run', 'examples/plugins/custom-arch.yaml', '--set', `model.arch={module: ${badLayers}}`], 'model.arch'),
    ).toMatch(/architecture plugin 'bad-net' .*: layers\(\)\[1\]\.dense: expected 'classes' or a whole number of units/);
    // What its own code throws is an internal error in the plugin: exit 1, one line, the stack in the log.
    const throwing = join(tmp(), 'throw-net.mjs');
    writeFileSync(
      throwing,
      "export default { kind: 'throw-net', params: { safeParse: (v) => ({ success: true, data: v }) }, layers: () => { throw new TypeError('boom'); } };\n",
    );
    const t = await runCli(
      ['run', 'examples/plugins/custom-arch.yaml', '--out', join(tmp(), 'run'), '--set', `model.arch={module: ${throwing}}`],
      { timeoutMs: 120_000 },
    );
    expect(t.status).toBe(1);
    expect(t.stderr.trim().split('\n')).toHaveLength(1);
    expect(t.stderr).toMatch(
      /^fedrank: internal error: architecture plugin 'throw-net' \(.*\) threw in layers\(\): TypeError: boom \(details in .*\.log\)/,
    );
  }, 600_000);

  it('votes with a plugin ranking rule (examples/plugins/custom-ranking.yaml) under rank reversal, and checks its rankings', async () => {
    const out = join(tmp(), 'ranking');
    const r = await runCli(['run', 'examples/plugins/custom-ranking.yaml', '--out', out], { timeoutMs: 240_000 });
    expect(r.status, r.stderr).toBe(0);
    const rule = join(repo, 'examples/plugins/median-rank.mjs');
    const resolved = YAML.parse(readFileSync(join(out, 'config.resolved.yaml'), 'utf8')) as {
      aggregator: unknown;
      training: { lr: number };
    };
    expect(resolved.aggregator).toEqual({ module: rule, sha256: sha256(rule), kind: 'median-rank' });
    expect(resolved.training.lr).toBe(0.4);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, unknown>;
    expect(summary.aggregator).toBe('median-rank');
    expect(summary.attack).toBe('rank-reversal');
    const metrics = metricsOf(out);
    expect(metrics.map((m) => m.round)).toEqual([0, 1, 2]);
    expect(metrics.every((m) => m.maliciousClients > 0)).toBe(true);
    // Another rule on the same seed: the plugin's vote is what moved the model.
    const borda = join(tmp(), 'borda');
    const b = await runCli(['run', 'examples/plugins/custom-ranking.yaml', '--out', borda, '--set', 'aggregator={kind: frl-vote}'], {
      timeoutMs: 240_000,
    });
    expect(b.status, b.stderr).toBe(0);
    expect(metricsOf(borda).map((m) => m.loss)).not.toEqual(metrics.map((m) => m.loss));

    const dir = tmp();
    const notPermutation = join(dir, 'bad-rank.mjs');
    writeFileSync(
      notPermutation,
      "export default { kind: 'bad-rank', consumes: 'ranking', params: { safeParse: (v) => ({ success: true, data: v }) },\n" +
        '  create: () => ({ aggregate: (rankings, sizes) => sizes.map((n) => new Uint32Array(n)) }) };\n',
    );
    const bad = await runCli(
      ['run', 'examples/plugins/custom-ranking.yaml', '--out', join(dir, 'run'), '--set', `aggregator={module: ${notPermutation}}`],
      {
        timeoutMs: 240_000,
      },
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(
      /aggregator\.module: aggregator plugin 'bad-rank' .*the ranking of layer 0 is not a permutation of 0\.\.575/,
    );
    expect(
      await expectUserError(
        ['run', 'examples/plugins/custom-ranking.yaml', '--set', 'attack={kind: scaling, fraction: 0.25}'],
        'attack.kind',
      ),
    ).toMatch(/consumes rankings/);
  }, 600_000);

  it('post-trains from a base run whose rule was a plugin (the base config reloads its module)', async () => {
    const dir = tmp();
    const common = {
      seed: 5,
      backend: 'wasm',
      workers: 0,
      data: {
        dataset: 'synthetic',
        partition: { kind: 'iid' },
        synthetic: { trainSize: 480, testSize: 120, height: 6, width: 6, channels: 1, numClasses: 4 },
      },
      federation: { clients: 12, clientsPerRound: 8, rounds: 1 },
      model: { arch: 'mlp', hidden: [16] },
      training: { localEpochs: 1, batchSize: 8 },
    };
    writeFileSync(
      join(dir, 'base.yaml'),
      YAML.stringify({ ...common, aggregator: { module: join(repo, 'examples/plugins/clipped-mean.mjs') } }),
    );
    const baseDir = join(dir, 'base');
    const b = await runCli(['run', join(dir, 'base.yaml'), '--out', baseDir], { timeoutMs: 240_000 });
    expect(b.status, b.stderr).toBe(0);
    writeFileSync(
      join(dir, 'pt.yaml'),
      YAML.stringify({ ...common, aggregator: { kind: 'fedavg' }, postTraining: { from: baseDir, groupSize: 4, clients: 'all' } }),
    );
    const pt = await runCli(['run', join(dir, 'pt.yaml'), '--out', join(dir, 'pt')], { timeoutMs: 240_000 });
    expect(pt.status, pt.stderr).toBe(0);
    expect(metricsOf(join(dir, 'pt')).map((m) => m.round)).toEqual([0]);
  }, 600_000);
});
