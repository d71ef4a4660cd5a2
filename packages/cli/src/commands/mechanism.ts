/**
 * `fedrank mechanism facility|info-acquisition`: the mechanism evaluators of @fedrank/mechanisms.
 * The subcommands and their renderers live in ./mechanism/.
 */
import type { CommandModule } from 'yargs';
import { facilityCommand } from './mechanism/facility-command.js';
import { infoCommand } from './mechanism/info-command.js';

export { table } from './mechanism/output.js';

export const mechanismCommand: CommandModule<object, object> = {
  command: 'mechanism',
  describe: 'Mechanism evaluators: fair facility location, hiring agents for information',
  builder: (y) =>
    y.command(facilityCommand).command(infoCommand).demandCommand(1, 'Name a mechanism command: facility or info-acquisition'),
  handler: () => undefined,
};
