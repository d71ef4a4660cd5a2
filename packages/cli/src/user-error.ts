/**
 * Errors a user can act on carry an exit code (2 for bad input) and, where it applies, the
 * config field or file they concern. Every package defines its own typed error class with these
 * two properties; the CLI prints them as one line without a stack trace.
 */
export interface UserFacingError extends Error {
  readonly exitCode: number;
  readonly field?: string;
}

export function isUserFacingError(e: unknown): e is UserFacingError {
  return e instanceof Error && typeof (e as { exitCode?: unknown }).exitCode === 'number';
}

/** An error about how the CLI was called (arguments, flags). */
export class CliError extends Error implements UserFacingError {
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
