/**
 * Bad input to the rewards library (an option out of range, arrays of mismatched shapes).
 * Carries exit code 2 and the option or argument it concerns, like every user-facing error.
 */
export class RewardsError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'RewardsError';
  }
}

/** Throws a RewardsError unless `value` is a finite number satisfying `ok`. */
export function checkNumber(value: number, field: string, ok: (v: number) => boolean, expected: string): void {
  if (typeof value !== 'number' || Number.isNaN(value) || !ok(value)) {
    throw new RewardsError(`${field} must be ${expected}, got ${String(value)}`, field);
  }
}
