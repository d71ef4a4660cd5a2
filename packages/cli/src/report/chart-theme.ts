/**
 * Settings every report chart shares: the font (one the PNG renderer loads, see chart-fonts.ts),
 * a white background and the category palette. Charts spread `chartBase` into their spec.
 */
import type { Config } from 'vega-lite';

export const CHART_FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';

export const chartConfig: Config = {
  font: CHART_FONT,
  background: 'white',
  axis: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 0, titleLimit: 0 },
  title: { fontSize: 14, anchor: 'start' },
};

export const chartBase = {
  config: chartConfig,
} as const;

/** The category palette for n series: 10 colours while they suffice, else 20. */
export function categoryScale(n: number): { scheme: string } {
  return { scheme: n > 10 ? 'tableau20' : 'tableau10' };
}
