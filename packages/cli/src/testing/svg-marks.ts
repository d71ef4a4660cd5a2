/**
 * Test support: the items vega drew for one mark type in an SVG (the paths, lines or texts inside
 * its `mark-<type> role-mark` groups), to check that a chart shows data and not only axes.
 */
export function markItems(svg: string, type: 'line' | 'area' | 'rect' | 'rule' | 'text' | 'symbol'): number {
  const groups = svg.match(new RegExp(`<g class="mark-${type} role-mark[^"]*"[^>]*>(.*?)</g>`, 'g')) ?? [];
  return groups.reduce((n, g) => n + (g.match(/<(path|line|text)\b/g)?.length ?? 0), 0);
}
