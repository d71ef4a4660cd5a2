/**
 * The step-halving line search of Shejwalkar & Houmansadr's code (NDSS 2021), reused by the FRL
 * reference for its AGR-tailored attack: start at `init` with step `init`; a successful probe is
 * remembered and the next probe moves up by half the step, a failed one moves down by half the
 * step; the step halves each time. Stops when the probe is within `tolerance` of the last success
 * (or after 200 probes) and returns that success (0 if none).
 */

/**
 * The largest lambda the search found to succeed (0 if none). prefetch, when given, is told before
 * each probe the lambda about to be probed and the two it may probe next (lambda + step / 2, then
 * lambda - step / 2, computed as the search computes them), so a caller can evaluate them in one
 * pass; it does not change the result.
 */
export function halvingSearch(
  init: number,
  tolerance: number,
  succeeds: (lambda: number) => boolean,
  prefetch?: (candidates: readonly number[]) => void,
): number {
  let lambda = init;
  let step = init;
  let success = 0;
  for (let iter = 0; iter < 200 && Math.abs(success - lambda) > tolerance; iter++) {
    prefetch?.([lambda, lambda + step / 2, lambda - step / 2]);
    if (succeeds(lambda)) {
      success = lambda;
      lambda += step / 2;
    } else {
      lambda -= step / 2;
    }
    step /= 2;
  }
  return success;
}
