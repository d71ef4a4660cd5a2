/**
 * Boxed-answer extraction: the content of `\boxed{...}` (or `\fbox{...}`) in a response, braces
 * matched so that nested groups survive, e.g. `\boxed{\frac{1}{2}}` -> `\frac{1}{2}`.
 * MM-UPT (arXiv 2505.22453) extracts each sampled response's answer this way before voting.
 * With several boxes, the last one is taken by default (the final answer of a worked solution).
 */

export type BoxedWhich = 'first' | 'last';

const OPENERS = ['\\boxed', '\\fbox'];

/** The contents of every balanced `\boxed{...}` in reading order (unbalanced ones are skipped). */
export function extractAllBoxed(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    let at = -1;
    let opener = '';
    for (const o of OPENERS) {
      const j = text.indexOf(o, i);
      if (j >= 0 && (at < 0 || j < at)) {
        at = j;
        opener = o;
      }
    }
    if (at < 0) break;
    let k = at + opener.length;
    while (k < text.length && (text[k] === ' ' || text[k] === '\t')) k++;
    if (text[k] !== '{') {
      i = at + opener.length;
      continue;
    }
    const start = k + 1;
    let depth = 1;
    k = start;
    while (k < text.length && depth > 0) {
      const ch = text[k];
      if (ch === '\\' && k + 1 < text.length) {
        k += 2; // an escaped character (\{ or \}) never opens or closes a group
        continue;
      }
      if (ch === '{') depth++;
      else if (ch === '}') depth--;
      k++;
    }
    if (depth !== 0) break; // unbalanced to the end of the text: nothing more to find
    out.push(text.slice(start, k - 1));
    i = k;
  }
  return out;
}

/** The content of the first or last `\boxed{...}`, or null when there is none. */
export function extractBoxed(text: string, which: BoxedWhich = 'last'): string | null {
  const all = extractAllBoxed(text);
  if (all.length === 0) return null;
  return which === 'first' ? all[0] : all[all.length - 1];
}
