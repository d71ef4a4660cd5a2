/**
 * Config errors in fedrank's words: the field, what was expected, what was found. Turns a zod
 * issue into one message; an unknown key gets the nearest known key of its section as a
 * suggestion ("did you mean `clientsPerRound`?"), a missing key says it is missing.
 */
import { z } from 'zod';

type Issue = z.core.$ZodIssue & { input?: unknown };

function found(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return `a list (${input.length} items)`;
  if (typeof input === 'string') return `the text '${input.length > 40 ? `${input.slice(0, 40)}…` : input}'`;
  if (typeof input === 'object') return 'a mapping';
  return typeof input === 'number' || typeof input === 'boolean' || typeof input === 'bigint' ? String(input) : typeof input;
}

const ARTICLES: Record<string, string> = {
  number: 'a number',
  string: 'a text',
  boolean: 'true or false',
  object: 'a mapping of fields',
  array: 'a list',
  int: 'an integer',
};

function bound(issue: { minimum?: unknown; maximum?: unknown; inclusive?: boolean; origin?: string }, small: boolean): string {
  const value = small ? issue.minimum : issue.maximum;
  const n = typeof value === 'bigint' ? Number(value) : (value as number);
  if (issue.origin === 'array') return `${small ? 'at least' : 'at most'} ${n} item${n === 1 ? '' : 's'}`;
  if (issue.origin === 'string') return `${small ? 'at least' : 'at most'} ${n} character${n === 1 ? '' : 's'}`;
  const op = small ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
  return `a number ${op} ${n}`;
}

/** Zod's own default wording, which fedrank rewrites; a message a schema set itself is kept. */
const ZOD_WORDING = /^(Invalid input|Too small|Too big|Invalid option|Invalid key|Expected|Invalid)/;

export function issueMessage(issue: Issue): string {
  const input = issue.input;
  const got = (expectation: string): string => `expected ${expectation}, got ${found(input)}`;
  if (!ZOD_WORDING.test(issue.message)) {
    return input !== undefined && issue.code !== 'custom' && !/\bgot\b/.test(issue.message)
      ? `${issue.message}, got ${found(input)}`
      : issue.message;
  }
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return `missing (expected ${ARTICLES[issue.expected] ?? issue.expected})`;
      return got(ARTICLES[issue.expected] ?? issue.expected);
    case 'too_small':
      return got(bound(issue, true));
    case 'too_big':
      return got(bound(issue, false));
    case 'invalid_value':
      return got(`one of ${issue.values.map((v) => String(v)).join(', ')}`);
    case 'not_multiple_of':
      return got(`a multiple of ${String(issue.divisor)}`);
    default:
      return issue.message;
  }
}

/** Edit distance between two short keys (insertions, deletions, substitutions, adjacent swaps). */
export function keyDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The known key nearest to `key`, when it is close enough to be a typo of it. */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const dist = keyDistance(key, k);
    if (dist < bestDistance) {
      best = k;
      bestDistance = dist;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let i = 0; i < 8; i++) {
    const inner = (s._zod.def as { innerType?: z.ZodType; in?: z.ZodType }).innerType ?? (s._zod.def as { in?: z.ZodType }).in;
    if (!inner) break;
    s = inner;
  }
  return s;
}

/** The keys the object schema at `path` (inside `root`) accepts, or [] when that is not a plain object schema. */
export function knownKeysAt(root: z.ZodType, path: readonly PropertyKey[]): string[] {
  let s = unwrap(root);
  for (const key of path) {
    if (!(s instanceof z.ZodObject)) return [];
    const next = (s.shape as Record<string, z.ZodType | undefined>)[String(key)];
    if (!next) return [];
    s = unwrap(next);
  }
  return s instanceof z.ZodObject ? Object.keys(s.shape as object) : [];
}
