/**
 * `fedrank worker --queue redis://HOST:PORT [--concurrency N]`: takes sweep runs from the queue
 * until stopped (Ctrl-C or SIGTERM: running runs stop after their current client and go back
 * to the queue). Logs (pino) go to stderr: JSON lines, or readable lines on a terminal.
 */
import type { CommandModule } from 'yargs';
import { createRunLogger } from '../logger.js';
import { CliError } from '../user-error.js';
import { runQueueWorker } from '../sweep/queue-worker.js';

interface WorkerArgs {
  queue: string;
  concurrency: number;
  'stall-seconds': number;
}

export const workerCommand: CommandModule<object, WorkerArgs> = {
  command: 'worker',
  describe: 'Take sweep runs from a Redis queue (fedrank sweep --queue) and run them',
  builder: (y) =>
    y
      .option('queue', { type: 'string', demandOption: true, describe: 'the Redis of the sweep: redis://HOST:PORT' })
      .option('concurrency', { type: 'number', default: 1, describe: 'runs at once, one process each' })
      .option('stall-seconds', {
        type: 'number',
        default: 30,
        describe: "job lock and stalled-job check interval: a dead worker's runs go back to the queue after about this long",
      })
      .example('fedrank worker --queue redis://HOST', 'run queued runs until Ctrl-C'),
  handler: async (args) => {
    if (!(Number.isInteger(args.concurrency) && args.concurrency >= 1)) {
      throw new CliError(`--concurrency: expected an integer >= 1, got ${args.concurrency}`, '--concurrency');
    }
    if (!(args['stall-seconds'] >= 1))
      throw new CliError(`--stall-seconds: expected a number >= 1, got ${args['stall-seconds']}`, '--stall-seconds');
    const tty = Boolean(process.stderr.isTTY);
    const log = createRunLogger(undefined, tty ? { terminal: { line: (t) => void process.stderr.write(`${t}\n`) } } : { jsonStderr: true });
    const controller = new AbortController();
    const onSignal = (): void => {
      if (controller.signal.aborted) process.exit(130);
      controller.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    await runQueueWorker({
      url: args.queue,
      concurrency: args.concurrency,
      stallSeconds: args['stall-seconds'],
      log,
      signal: controller.signal,
    });
  },
};
