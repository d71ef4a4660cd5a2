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

/**
 * A backend that could not be loaded (internal to backend selection): why, in one line, and
 * optionally what to install when that differs from the backend's package.
 */
export class BackendUnavailable extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'BackendUnavailable';
  }
}
