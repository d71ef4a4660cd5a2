/**
 * `fedrank partition export CONFIG --out FILE`: writes the client split a config's run would use
 * (any partition kind, drawn from the run seed's `partition` stream exactly as `fedrank run` draws
 * it; for a post-training config, from the base run's seed) as a partition file
 * (fedrank-partition/1), so that the split can be shared and reused with
 * `data.partition: { kind: file, path: FILE }`. An existing FILE is never overwritten.
 */
import { writeFileSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { commandGroup } from './command-group.js';
import { formatPartitionFile, partitionDataset, partitionStats } from '@fedrank/data';
import { Rng } from '@fedrank/random';
import { loadPostTrainingBase, type RunConfig } from '@fedrank/server';
import { loadRunConfig, loadRunConfigSync } from '../config-file.js';
import { loadRunData } from '../run-experiment.js';
import { CliError } from '../user-error.js';

interface ExportArgs {
  config: string;
  out: string;
  set?: string[];
}

function describeSpec(spec: RunConfig['data']['partition']): string {
  switch (spec.kind) {
    case 'iid':
      return 'iid';
    case 'dirichlet':
      return `dirichlet alpha ${spec.alpha}`;
    case 'shards':
      return `shards, ${spec.shardsPerClient} per client`;
    case 'file':
      return `file ${spec.path}`;
  }
}

const exportCommand: CommandModule<object, ExportArgs> = {
  command: 'export <config>',
  describe: 'Write the client split a config would use as a partition file (JSON)',
  builder: (y) =>
    y
      .positional('config', { type: 'string', demandOption: true, describe: 'experiment config (YAML)' })
      .option('out', { type: 'string', demandOption: true, describe: 'partition file to write (must not exist)' })
      .option('set', { type: 'string', array: true, describe: 'override a config field (repeatable): --set seed=2' })
      .example('fedrank partition export configs/quickstart.yaml --out split.json', ''),
  handler: async (args) => {
    const config = await loadRunConfig(args.config, args.set ?? []);
    // A post-training run keeps its base run's split, drawn from the base run's seed.
    const base = config.postTraining ? await loadPostTrainingBase(config, (path) => loadRunConfigSync(path)) : undefined;
    const seed = base?.config?.seed ?? config.seed;
    const data = await loadRunData(config);
    const train = data.train;
    const parts = partitionDataset(
      train.labels,
      train.numClasses,
      config.federation.clients,
      config.data.partition,
      new Rng(seed).derive('partition'),
    );
    const description =
      `Exported by fedrank partition export from ${args.config}: dataset ${config.data.dataset}, ` +
      `partition ${describeSpec(config.data.partition)}, seed ${seed}, ${config.federation.clients} clients.`;
    try {
      writeFileSync(args.out, formatPartitionFile(parts, train.count, description), { flag: 'wx' });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new CliError(
        `${args.out}: ${code === 'EEXIST' ? 'already exists; choose another --out file (an existing partition is never overwritten)' : `cannot write (${code ?? String(e)})`}`,
        '--out',
      );
    }
    const st = partitionStats(parts, train.labels, train.numClasses);
    process.stdout.write(
      `wrote ${args.out}: ${parts.length} clients, ${st.total} of ${train.count} training samples, sizes ${st.min}..${st.max} (median ${st.median})` +
        `${st.emptyClients > 0 ? `, ${st.emptyClients} empty` : ''}\n`,
    );
  },
};

export const partitionCommand = commandGroup({
  command: 'partition',
  describe: 'Client splits: export the one a config would use',
  subcommands: [exportCommand],
  missing: 'Name a partition command: export',
});
