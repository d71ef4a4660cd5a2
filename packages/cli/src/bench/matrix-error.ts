/**
 * A problem with a benchmark matrix or sweep file (or how `fedrank bench` / `fedrank sweep` was called): exit code 2 and
 * the field it concerns (`aggregators[1].kind`, `fractions`, `--jobs`, ...), printed as one line.
 */
import type { UserFacingError } from '../user-error.js';

export class MatrixError extends Error implements UserFacingError {
  readonly exitCode = 2;
  constructor(
    /** The problem, without the file and field prefixes of `message`. */
    readonly detail: string,
    readonly field: string,
    readonly file?: string,
  ) {
    super(`${file ? `${file}: ` : ''}${field ? `${field}: ` : ''}${detail}`);
    this.name = 'MatrixError';
  }
}
