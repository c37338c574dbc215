/**
 * The charts' colours, in one place. ECharts draws on a canvas and cannot read the page's CSS variables
 * (styles.css), so the colours it needs are kept here; HTML parts of a chart (the confusion matrix) use the
 * page's variables instead.
 */

/** Distinct, colour-blind-friendly colours (Okabe–Ito plus extras) so up to 10 runs stay apart. */
const SERIES_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#7f7f7f', '#9467bd', '#bcbd22', '#17becf'];

/** The colour of the i-th series of a chart (runs in a comparison, curves in one chart). */
export function seriesColor(i: number): string {
  return SERIES_COLORS[i % SERIES_COLORS.length];
}

/** Predicted-against-actual points, and the diagonal a perfect model would sit on. */
export const SCATTER_COLORS = { points: SERIES_COLORS[0], diagonal: SERIES_COLORS[5] } as const;

export interface ChartTheme {
  text: string;
  grid: string;
  /** Behind an exported image (the page's surface colour; on screen the chart is transparent). */
  background: string;
}

const LIGHT: ChartTheme = { text: '#3b4450', grid: '#e6e9ee', background: '#ffffff' };
const DARK: ChartTheme = { text: '#c9d1db', grid: '#2e343d', background: '#1d2127' };

export function chartTheme(dark: boolean): ChartTheme {
  return dark ? DARK : LIGHT;
}
