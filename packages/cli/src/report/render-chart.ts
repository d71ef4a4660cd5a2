/**
 * A Vega-Lite spec to SVG (compiled by vega-lite, rendered by a headless vega View) and the SVG
 * to PNG at twice its size (resvg). The SVG is standalone: no scripts, no external references.
 */
import { Resvg, type RenderedImage } from '@resvg/resvg-js';
import { logger, None, parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { findChartFonts, type ChartFonts } from './chart-fonts.js';

export interface RenderedChart {
  readonly svg: string;
  readonly png: Buffer;
}

export async function chartSvg(spec: TopLevelSpec): Promise<string> {
  // Vega-Lite's and vega's warnings (about layout heuristics) would interleave with the CLI's output.
  const quiet = logger(None);
  const view = new View(parse(compile(spec, { logger: quiet }).spec), { renderer: 'none', logger: quiet });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

let fonts: ChartFonts | undefined;

/** The SVG drawn at twice its size, text in the fonts of chart-fonts.ts. */
export function rasterize(svg: string): RenderedImage {
  fonts ??= findChartFonts();
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    font: {
      fontFiles: [...fonts.files],
      loadSystemFonts: fonts.files.length === 0,
      defaultFontFamily: fonts.family,
      sansSerifFamily: fonts.family,
    },
  });
  return resvg.render();
}

export function svgToPng(svg: string): Buffer {
  return rasterize(svg).asPng();
}

export async function renderChart(spec: TopLevelSpec): Promise<RenderedChart> {
  const svg = await chartSvg(spec);
  return { svg, png: svgToPng(svg) };
}
