/** Parsers for the `fedrank mechanism` flags: comma-separated number lists and non-negative integers. */
import { CliError } from '../../user-error.js';

/** "1, 2,3" -> [1, 2, 3]; "" -> []; a part that is not a finite number is a user error naming the flag. */
export function numberList(text: string, flag: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.length === 1 && parts[0] === '') return [];
  return parts.map((s) => {
    const x = Number(s);
    if (s === '' || !Number.isFinite(x)) throw new CliError(`--${flag}: "${s}" is not a number`, flag);
    return x;
  });
}

/** The flag's value when it is a non-negative integer (undefined passes through); otherwise a user error naming the flag. */
export function nonNegativeInt(x: number | undefined, flag: string): number | undefined {
  if (x === undefined) return undefined;
  if (!(Number.isInteger(x) && x >= 0)) throw new CliError(`--${flag}: ${x} is not a non-negative integer`, flag);
  return x;
}
