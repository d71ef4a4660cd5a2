/**
 * Answer normalization before voting: an answer's key is
 *   key = hooks(numeric(caseFold(collapse(unwrapMath(trim(boxed(text)))))))
 * with each stage optional. Two answers agree when their keys are equal. A missing answer
 * (null, undefined, no box when boxes are required, or empty after normalization) has key null.
 * MM-UPT (arXiv 2505.22453) extracts the boxed answer and compares with a math grader.
 */
import { extractBoxed, type BoxedWhich } from './boxed.js';
import { canonicalizeNumeric } from './numeric.js';

/** One normalization step; returning null marks the answer as missing. */
export type AnswerHook = (text: string) => string | null;

export interface NormalizeOptions {
  /** Take the content of `\boxed{...}` (true = the last box); no box means no answer. Default false. */
  boxed?: boolean | BoxedWhich;
  /** Strip leading and trailing white space. Default true. */
  trim?: boolean;
  /** Remove one enclosing `$...$`, `$$...$$`, `\(...\)` or `\[...\]` around the whole answer. Default true. */
  unwrapMath?: boolean;
  /** Collapse runs of white space into one space. Default true. */
  collapseWhitespace?: boolean;
  /** Compare without case. Default true. */
  caseFold?: boolean;
  /** Replace numeric answers by a canonical decimal (0.5 == 1/2 == .5). Default true. */
  numeric?: boolean;
  /** Extra steps applied, in order, after the built-in ones. */
  hooks?: readonly AnswerHook[];
}

/** Anything that can serve as an answer: text, a class label, or nothing. */
export type Answer = string | number | null | undefined;

/** Maps an answer to its comparison key (null = missing). */
export type AnswerNormalizer = (answer: Answer) => string | null;

export function trimAnswer(text: string): string {
  return text.trim();
}

export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ');
}

export function foldCase(text: string): string {
  return text.toLowerCase();
}

const MATH_WRAPPERS: readonly (readonly [string, string])[] = [
  ['$$', '$$'],
  ['$', '$'],
  ['\\(', '\\)'],
  ['\\[', '\\]'],
];

export function unwrapMath(text: string): string {
  const s = text.trim();
  for (const [open, close] of MATH_WRAPPERS) {
    if (s.length >= open.length + close.length && s.startsWith(open) && s.endsWith(close)) {
      const inner = s.slice(open.length, s.length - close.length);
      // '$a$ and $b$' is not one wrapped expression: leave it alone.
      if (inner.includes(open) || inner.includes(close)) return text;
      return inner.trim();
    }
  }
  return text;
}

/** Chains hooks left to right; the first null short-circuits. */
export function composeHooks(...hooks: readonly AnswerHook[]): AnswerHook {
  return (text) => {
    let s: string | null = text;
    for (const h of hooks) {
      if (s === null) return null;
      s = h(s);
    }
    return s;
  };
}

/** Builds the normalizer for a set of options (defaults: everything but `boxed` on). */
export function makeNormalizer(options: NormalizeOptions = {}): AnswerNormalizer {
  const steps: AnswerHook[] = [];
  if (options.boxed !== undefined && options.boxed !== false) {
    const which: BoxedWhich = options.boxed === true ? 'last' : options.boxed;
    steps.push((s) => extractBoxed(s, which));
  }
  if (options.trim ?? true) steps.push(trimAnswer);
  if (options.unwrapMath ?? true) steps.push(unwrapMath);
  if (options.collapseWhitespace ?? true) steps.push(collapseWhitespace);
  if (options.caseFold ?? true) steps.push(foldCase);
  if (options.numeric ?? true) steps.push(canonicalizeNumeric);
  if (options.hooks !== undefined) steps.push(...options.hooks);
  const chain = composeHooks(...steps);
  return (answer) => {
    if (answer === null || answer === undefined) return null;
    if (typeof answer === 'number' && Number.isNaN(answer)) return null;
    const out = chain(String(answer));
    return out === null || out === '' ? null : out;
  };
}

/** The comparison key of one answer (null = missing). */
export function normalizeAnswer(answer: Answer, options: NormalizeOptions = {}): string | null {
  return makeNormalizer(options)(answer);
}

/** Whether two answers agree after normalization (two missing answers do not). */
export function answersAgree(a: Answer, b: Answer, options: NormalizeOptions = {}): boolean {
  const n = makeNormalizer(options);
  const x = n(a);
  return x !== null && x === n(b);
}
