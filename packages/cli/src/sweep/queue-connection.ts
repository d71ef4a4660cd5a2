/**
 * The Redis behind a sweep queue (BullMQ). `connectQueue` probes the URL once with a bounded
 * timeout and no retries, so a wrong or unreachable URL is one line and exit 2 within a few
 * seconds; the connection it returns then reconnects forever (a Redis restart is survived).
 */
import { Redis } from 'ioredis';
import type { UserFacingError } from '../user-error.js';

/** Every sweep's runs go to this one BullMQ queue; a run's job id is its config hash. */
export const QUEUE_NAME = 'fedrank-runs';

const PROBE_TIMEOUT_MS = 3000;

export class QueueError extends Error implements UserFacingError {
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly field = '--queue',
  ) {
    super(`${field}: ${message}`);
    this.name = 'QueueError';
  }
}

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new QueueError(`expected redis://HOST:PORT, got '${url}'`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new QueueError(`expected redis://HOST:PORT, got '${url}'`);
}

/** A connection for BullMQ (Queue, Worker), after checking within a few seconds that Redis answers. */
export async function connectQueue(url: string): Promise<Redis> {
  checkUrl(url);
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: PROBE_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let lastError: string | undefined;
  probe.on('error', (e: Error) => (lastError = e.message));
  try {
    await probe.connect();
    await probe.ping();
  } catch (e) {
    probe.disconnect();
    const message = (lastError ?? (e as Error).message).split('\n')[0] || 'no answer';
    throw new QueueError(`cannot reach Redis at ${url} (${message})`);
  }
  await probe.quit();
  const connection = new Redis(url, {
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(200 * times, 2000),
  });
  connection.on('error', () => {
    // connection errors while Redis restarts: ioredis reconnects; BullMQ reports what fails
  });
  return connection;
}
