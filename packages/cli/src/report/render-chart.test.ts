import { describe, expect, it } from 'vitest';
import { chartSvg, rasterize, svgToPng } from './render-chart.js';
import { chartBase } from './chart-theme.js';
import { markItems } from '../testing/svg-marks.js';

/** Pixels darker than light grey in an RGBA image. */
function darkPixels(pixels: Buffer): number {
  let n = 0;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i + 3] > 0 && pixels[i] + pixels[i + 1] + pixels[i + 2] < 3 * 160) n++;
  return n;
}

describe('chart rendering', () => {
  it('renders a Vega-Lite spec to a standalone SVG with marks, and the SVG to a PNG at twice its size', async () => {
    const svg = await chartSvg({
      ...chartBase,
      data: {
        values: [
          { x: 0, y: 1 },
          { x: 1, y: 2 },
        ],
      },
      mark: 'line',
      encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
    });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(markItems(svg, 'line')).toBe(1);
    expect(svg).not.toMatch(/<script|href="http/);
    const width = Number(/width="(\d+)"/.exec(svg)?.[1]);
    const png = svgToPng(svg);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(2 * width);
  });

  it('draws text in the PNG (a font is loaded)', () => {
    const page = (body: string): string =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><rect width="200" height="40" fill="white"/>${body}</svg>`;
    const text = page(`<text x="10" y="28" font-family="DejaVu Sans, sans-serif" font-size="20" fill="black">accuracy 0.75</text>`);
    expect(darkPixels(rasterize(text).pixels)).toBeGreaterThan(200);
    expect(darkPixels(rasterize(page('')).pixels)).toBe(0);
  });
});
