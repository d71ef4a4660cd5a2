/**
 * Font files for the PNG renderer: resvg draws text only in fonts it has loaded. Debian's
 * fonts-dejavu-core (or fonts-liberation) provides them; without either, resvg falls back to
 * scanning the system's fonts, and the PNGs may have no text.
 */
import { existsSync } from 'node:fs';

const CANDIDATES: readonly { family: string; files: readonly string[] }[] = [
  {
    family: 'DejaVu Sans',
    files: ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'],
  },
  {
    family: 'Liberation Sans',
    files: [
      '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
      '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
    ],
  },
];

export interface ChartFonts {
  /** Files to load; empty when none of the known fonts is installed. */
  readonly files: readonly string[];
  /** The family text falls back to. */
  readonly family: string;
}

export function findChartFonts(): ChartFonts {
  for (const c of CANDIDATES) {
    const files = c.files.filter((f) => existsSync(f));
    if (files.length > 0) return { files, family: c.family };
  }
  return { files: [], family: 'sans-serif' };
}
