/**
 * The report page: one self-contained HTML file. Charts are inlined as static SVG, styles are
 * inline, and the one interaction (the heatmap's final-accuracy / attack-impact toggle) is two
 * pre-rendered panels switched by radio buttons in CSS: no script, no external URL; a
 * Content-Security-Policy forbids the page any fetch.
 */
import type { SummaryTable } from './summary-table.js';

export interface ChartPanel {
  /** File name without extension: `<file>.svg` and `<file>.png` sit beside the page. */
  readonly file: string;
  /** Toggle label when a chart has several panels. */
  readonly label: string;
  readonly svg: string;
}

export interface ReportSection {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  /** One panel, or several switched by a toggle (the first shown). */
  readonly panels: readonly ChartPanel[];
}

export interface ReportPage {
  readonly title: string;
  /** Lines under the title: what was reported. */
  readonly intro: readonly string[];
  readonly warnings: readonly string[];
  readonly sections: readonly ReportSection[];
  readonly table: SummaryTable;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const STYLE = `
body { font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; margin-bottom: 0.3rem; }
h2 { font-size: 1.2rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
.intro { color: #555; margin: 0.2rem 0; }
.warnings { background: #fff6e0; border: 1px solid #e8c66a; padding: 0.5rem 1rem 0.5rem 2rem; }
figure { margin: 0.8rem 0; overflow-x: auto; }
figcaption { color: #555; font-size: 0.9rem; margin-top: 0.3rem; }
figcaption a { color: #36c; }
.toggle { margin: 0.5rem 0; }
.toggle label { margin-right: 1rem; cursor: pointer; }
.panel { display: none; }
.table-scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.85rem; margin-top: 0.8rem; }
th, td { border: 1px solid #ddd; padding: 0.25rem 0.5rem; white-space: nowrap; }
th { background: #f3f3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.interrupted td { color: #a33; }
`;

function files(panel: ChartPanel): string {
  return `<a href="${escapeHtml(panel.file)}.svg">${escapeHtml(panel.file)}.svg</a> · <a href="${escapeHtml(panel.file)}.png">${escapeHtml(panel.file)}.png</a>`;
}

function section(s: ReportSection): string {
  const caption = (panels: readonly ChartPanel[]): string =>
    `<figcaption>${escapeHtml(s.caption)} Files: ${panels.map(files).join(' · ')}</figcaption>`;
  if (s.panels.length === 1) {
    const p = s.panels[0];
    return `<section id="${s.id}"><h2>${escapeHtml(s.title)}</h2><figure class="chart" data-file="${escapeHtml(p.file)}">${p.svg}${caption(s.panels)}</figure></section>`;
  }
  // Radio buttons before the panels; CSS shows the panel whose button is checked.
  const name = `${s.id}-view`;
  const radios = s.panels
    .map(
      (p, i) =>
        `<input type="radio" name="${name}" id="${name}-${i}"${i === 0 ? ' checked' : ''}><label for="${name}-${i}">${escapeHtml(p.label)}</label>`,
    )
    .join('');
  const panels = s.panels
    .map((p, i) => `<figure class="chart panel panel-${i}" data-file="${escapeHtml(p.file)}">${p.svg}${caption([p])}</figure>`)
    .join('');
  const css = s.panels.map((_, i) => `#${name}-${i}:checked ~ .panel-${i} { display: block; }`).join('\n');
  return `<section id="${s.id}"><h2>${escapeHtml(s.title)}</h2><style>${css}</style><div class="toggle">${radios}${panels}</div></section>`;
}

function table(t: SummaryTable): string {
  const head = t.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const statusColumn = t.header.indexOf('status');
  const rows = t.rows
    .map((r) => {
      const cls = r[statusColumn] === 'interrupted' ? ' class="interrupted"' : '';
      return `<tr${cls}>${r.map((c, i) => `<td${t.numeric[i] ? ' class="num"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`;
    })
    .join('\n');
  return `<div class="table-scroll"><table id="summary-table"><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table></div>`;
}

export function reportHtml(page: ReportPage): string {
  const warnings =
    page.warnings.length > 0 ? `<ul class="warnings">${page.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(page.title)}</h1>
${page.intro.map((l) => `<p class="intro">${escapeHtml(l)}</p>`).join('\n')}
${warnings}
${page.sections.map(section).join('\n')}
<section id="summary"><h2>Summary</h2>${table(page.table)}</section>
</body>
</html>
`;
}
