/**
 * Long evaluations report their progress so a caller can show it and stop them: a loop written
 * as a generator yields `{ done, total }` every STEP_CHUNK steps and returns its result. runSteps
 * drives it to the end synchronously (the plain API); a caller that wants progress and Ctrl-C
 * drives it itself, giving the event loop a turn between chunks. Loops that are already async
 * take a WorkHook and await it every STEP_CHUNK steps. Neither changes what the loop computes.
 */

/** Steps done of the planned total (the unit is the loop's own: a profile, a round). */
export interface WorkProgress {
  done: number;
  total: number;
}

export type WorkSteps<R> = Generator<WorkProgress, R, void>;

/** Awaited by async loops every STEP_CHUNK steps; it may throw to stop the loop. */
export type WorkHook = (progress: WorkProgress) => void | Promise<void>;

/** Steps between two reports: small enough to report every few milliseconds, large enough to cost nothing. */
export const STEP_CHUNK = 1 << 14;

/** Runs the steps to the end and returns the result. */
export function runSteps<R>(steps: WorkSteps<R>): R {
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
  }
}
