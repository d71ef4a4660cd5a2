/**
 * Bad input to a mechanism evaluator (a profile outside [0,1], an empty profile, probabilities
 * that do not sum to 1, an instance whose shapes disagree). The message is one line naming what
 * is wrong; the CLI prints it as `fedrank: <message>` and exits with `exitCode`.
 */
export class MechanismInputError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'MechanismInputError';
  }
}

/** The LP solver failed or reported a status other than optimal (a bug or a numerical limit). */
export class MechanismSolverError extends Error {
  readonly exitCode = 1;
  constructor(message: string) {
    super(message);
    this.name = 'MechanismSolverError';
  }
}
