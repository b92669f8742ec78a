/**
 * Draws chart.js configurations into PNGs on @napi-rs/canvas (a prebuilt Skia binary: no system libraries, no
 * browser). Fonts come from @fontsource/noto-sans-sc and are registered once per thread, so Latin and Simplified
 * Chinese text renders the same on any machine, whatever fonts it has.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { Chart, registerables, type ChartConfiguration, type ChartItem, type Plugin } from 'chart.js';

export const CHART_FONT_FAMILY = 'Noto Sans SC';
export const CHART_WIDTH = 960;
export const CHART_HEIGHT = 540;

const FONT_SUBSETS = ['latin', 'latin-ext', 'chinese-simplified'] as const;
const FONT_WEIGHTS = [400, 700] as const;

let ready = false;

/** Registers the fonts and chart.js's components; idempotent. */
export function prepareChartRenderer(): void {
  if (ready) return;
  const require = createRequire(import.meta.url);
  const files = join(dirname(require.resolve('@fontsource/noto-sans-sc/package.json')), 'files');
  for (const subset of FONT_SUBSETS) {
    for (const weight of FONT_WEIGHTS) {
      const path = join(files, `noto-sans-sc-${subset}-${weight}-normal.woff2`);
      if (!GlobalFonts.registerFromPath(path, CHART_FONT_FAMILY)) throw new Error(`could not register chart font ${path}`);
    }
  }
  Chart.register(...registerables);
  Chart.defaults.font.family = CHART_FONT_FAMILY;
  ready = true;
}

/**
 * A transparent PNG shows its dark text on Discord's dark theme as dark on dark; painting the canvas white first
 * makes the image read the same on both themes.
 */
const opaqueBackground: Plugin = {
  id: 'attuneOpaqueBackground',
  beforeDraw(chart) {
    const { ctx } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

export interface ChartSize {
  width: number;
  height: number;
}

export async function renderChartPng(
  config: ChartConfiguration,
  size: ChartSize = { width: CHART_WIDTH, height: CHART_HEIGHT },
): Promise<Buffer> {
  prepareChartRenderer();
  const canvas = createCanvas(size.width, size.height);
  // chart.js draws through the standard 2D context API, which @napi-rs/canvas implements; its types name the DOM's.
  const chart = new Chart(canvas.getContext('2d') as unknown as ChartItem, {
    ...config,
    options: { ...config.options, animation: false, responsive: false, devicePixelRatio: 1 },
    plugins: [...(config.plugins ?? []), opaqueBackground],
  });
  try {
    return await canvas.encode('png');
  } finally {
    chart.destroy();
  }
}
