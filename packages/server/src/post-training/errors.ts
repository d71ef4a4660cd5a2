/**
 * Bad input to post-training (a missing or incompatible base run, a config key that post-training
 * does not support). One line, exit code 2, the config key it concerns.
 */
export class PostTrainingError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'PostTrainingError';
  }
}
