import { hideBin } from 'yargs/helpers';
import { buildCli } from './cli.js';
import { reportError } from './error-boundary.js';

const argv = hideBin(process.argv);
// Errors thrown outside the command's promise (event emitters, timers) reach the same boundary.
process.on('uncaughtException', (e) => {
  reportError(e, argv);
  process.exit();
});
// yargs reports some usage errors by throwing at once, others by rejecting: both reach the boundary.
async function main(): Promise<void> {
  await buildCli(argv).parseAsync();
}
main().catch((e: unknown) => reportError(e, argv));
