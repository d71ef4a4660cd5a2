/**
 * BackendError: the user-facing error of @fedrank/tensor. It concerns the `backend` config key,
 * exits the CLI with code 2, and its message is one line saying what to do (usually what to
 * install).
 */
export class BackendError extends Error {
  readonly exitCode = 2;

  constructor(
    message: string,
    readonly field: string = 'backend',
  ) {
    super(message);
    this.name = 'BackendError';
  }
}
