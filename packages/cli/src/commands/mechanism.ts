/**
 * `fedrank mechanism facility|info-acquisition`: the mechanism evaluators of @fedrank/mechanisms.
 * The subcommands and their renderers live in ./mechanism/.
 */
import { commandGroup } from './command-group.js';
import { facilityCommand } from './mechanism/facility-command.js';
import { infoCommand } from './mechanism/info-command.js';

export { table } from './mechanism/output.js';

export const mechanismCommand = commandGroup({
  command: 'mechanism',
  describe: 'Mechanism evaluators: fair facility location, hiring agents for information',
  subcommands: [facilityCommand, infoCommand],
  missing: 'Name a mechanism command: facility or info-acquisition',
});
