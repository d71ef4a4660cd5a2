/** Output helpers of the `fedrank mechanism` renderers: stdout lines, JSON, number formatting and text tables. */

/** Writes `text` to stdout, ending it with a newline. */
export function write(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** The value as indented JSON on stdout. */
export function printJson(value: unknown): void {
  write(JSON.stringify(value, null, 2));
}

/** A number to `digits` significant digits without trailing zeros; "-" for null/undefined, "inf", "-inf", "nan" otherwise. */
export const fmt = (x: number | null | undefined, digits = 6): string => {
  if (x === null || x === undefined) return '-';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : x < 0 ? '-inf' : 'nan';
  return Number(x.toPrecision(digits)).toString();
};

/** Left-aligned columns separated by two spaces. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, k) => (widths[k] = Math.max(widths[k] ?? 0, c.length)));
  return rows.map((r) => r.map((c, k) => (k === r.length - 1 ? c : c.padEnd(widths[k]))).join('  ')).join('\n');
}
