/**
 * DataError: the one user-facing error of @fedrank/data. It names the config key or file it is
 * about (`field`) and exits the CLI with code 2; the message is one line saying what was expected.
 */
export class DataError extends Error {
  readonly exitCode = 2;
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.name = 'DataError';
    this.field = field;
  }
}
