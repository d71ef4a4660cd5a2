/** A user plugin's bad input or bad output, naming the config key (`data.module`, `data.classes`). */
export class PluginError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'PluginError';
  }
}
