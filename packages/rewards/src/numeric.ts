/**
 * Numeric equivalence of answers: "0.5", ".5", "1/2", "\frac{1}{2}", "5e-1" all denote 1/2, so
 * they must vote together. An answer that parses as a number is replaced by a canonical decimal,
 * the number rounded to 12 significant digits (so 1/3 and 0.333333333333 agree), which stands in
 * for the symbolic grader (mathruler's grade_answer) MM-UPT (arXiv 2505.22453) uses.
 */

const DECIMAL = String.raw`(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`;
const GROUPED = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?`; // 1,000 or 12,345.5
const RE_DECIMAL = new RegExp(`^([+-]?)(${DECIMAL}|${GROUPED})$`);
const RE_FRACTION = new RegExp(`^([+-]?)(${DECIMAL})\\s*/\\s*(${DECIMAL})$`);
const RE_LATEX_FRACTION = new RegExp(
  String.raw`^([+-]?)\\[dt]?frac\s*(?:\{\s*([+-]?${DECIMAL})\s*\}|(\d))\s*(?:\{\s*([+-]?${DECIMAL})\s*\}|(\d))$`,
);

function decimal(text: string): number {
  return Number(text.replace(/,/g, ''));
}

/** The value of a numeric answer (decimal, a/b fraction, LaTeX \frac), or null if it is not one. */
export function parseNumber(text: string): number | null {
  const s = text.trim();
  let m = RE_DECIMAL.exec(s);
  if (m !== null) {
    const v = decimal(m[2]);
    return m[1] === '-' ? -v : v;
  }
  let num: number;
  let den: number;
  let sign: string;
  m = RE_FRACTION.exec(s);
  if (m !== null) {
    sign = m[1];
    num = Number(m[2]);
    den = Number(m[3]);
  } else {
    m = RE_LATEX_FRACTION.exec(s);
    if (m === null) return null;
    sign = m[1];
    num = Number(m[2] ?? m[3]);
    den = Number(m[4] ?? m[5]);
  }
  if (den === 0 || !Number.isFinite(num) || !Number.isFinite(den)) return null;
  const v = num / den;
  return sign === '-' ? -v : v;
}

/** A canonical string for a number: rounded to 12 significant digits, no negative zero. */
export function canonicalNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const r = Number(value.toPrecision(12));
  return Object.is(r, -0) ? '0' : String(r);
}

/** The canonical form of a numeric answer, or the text unchanged if it is not numeric. */
export function canonicalizeNumeric(text: string): string {
  const v = parseNumber(text);
  return v === null || !Number.isFinite(v) ? text : canonicalNumber(v);
}

/** Whether two answers denote the same number (both must parse). */
export function numericallyEqual(a: string, b: string): boolean {
  const x = parseNumber(a);
  const y = parseNumber(b);
  return x !== null && y !== null && canonicalNumber(x) === canonicalNumber(y);
}
