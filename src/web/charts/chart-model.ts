/**
 * What a chart is before it is drawn: a list of marks in one coordinate box (the SVG viewBox) and
 * the table that carries the same numbers for a reader who cannot see the picture. The pure
 * functions of this folder build these models from published numbers; `views/partials/chart-*.ejs`
 * only writes them out, so a page needs no chart library and no script (the CSP forbids inline
 * script), and a test can read every value back from `data-value`.
 */

/** Attributes written as `data-*` on a mark: `key` (what the point is), `series`, `value`. */
export type DataAttributes = Readonly<Record<string, string>>;

export type Mark =
  | {
      type: 'rect';
      x: number;
      y: number;
      width: number;
      height: number;
      fill: string;
      data?: DataAttributes;
    }
  | {
      type: 'line';
      x1: number;
      y1: number;
      x2: number;
      y2: number;
      stroke: string;
      dash?: string;
      /** `grid` lines are decoration (light); `axis` and series lines are read (contrast ≥ 3:1). */
      role: 'grid' | 'axis' | 'series';
    }
  | { type: 'polyline'; points: string; stroke: string; dash?: string }
  | { type: 'circle'; cx: number; cy: number; r: number; fill: string; data?: DataAttributes }
  | {
      type: 'text';
      x: number;
      y: number;
      text: string;
      anchor: 'start' | 'middle' | 'end';
      /** `label` names a thing, `value` is a number as displayed, `axis` a scale step. */
      role: 'label' | 'heading' | 'value' | 'axis';
    };

export interface TableCell {
  /** The number as the site displays it ("–" for none). */
  text: string;
  /** Full precision, as the API serves it; null when there is no score. */
  value: number | null;
}

/** The chart's numbers as a table: one row per thing shown, one column per series. */
export interface ChartTable {
  caption: string;
  /** Heading of the row-header column, then one per series. */
  columns: string[];
  rows: { key: string; header: string; cells: TableCell[] }[];
}

export interface ChartModel {
  /** Unique on its page: the figure's id, and the prefix of its title's and description's ids. */
  id: string;
  kind: 'ranking' | 'trend' | 'groups' | 'distribution' | 'compare';
  /** The SVG's `<title>`: what the picture shows. */
  title: string;
  /** The SVG's `<desc>`: how to read it. */
  description: string;
  width: number;
  height: number;
  marks: Mark[];
  /** Series named beside the picture (colour and line), empty for a single series. */
  legend: { label: string; colour: string; dash?: string }[];
  table: ChartTable;
}

/** Width of every chart's coordinate box: text of 14–15 units stays ≥ 11 px on a 390 px phone. */
export const CHART_WIDTH = 400;

/**
 * Series colours, in order. Each has a contrast of at least 3:1 against the white page (WCAG 2.2
 * 1.4.11, checked by a test), so bars, lines and dots are seen whatever their neighbours; series
 * are also told apart by their labels, line dashes and the table, never by colour alone.
 */
export const SERIES_COLOURS = [
  '#0b5cad',
  '#b35900',
  '#1a7f37',
  '#8250df',
  '#cf222e',
  '#1f2328',
] as const;

/** Line dashes of the series, in the order of the colours ("" is a solid line). */
export const SERIES_DASHES = ['', '6 3', '2 3', '8 3 2 3', '4 4', '1 2'] as const;

/** The colour of series `i` (colours repeat after six series). */
export const seriesColour = (i: number): string => SERIES_COLOURS[i % SERIES_COLOURS.length]!;

/** The dash of series `i`. */
export const seriesDash = (i: number): string => SERIES_DASHES[i % SERIES_DASHES.length]!;

/** A coordinate to one decimal: enough for a 400-unit box, and stable text for tests. */
export const at = (n: number): number => Math.round(n * 10) / 10;

/** A score's position on a 0–100 scale drawn from `start` over `length` units (clamped). */
export const scaled = (score: number, start: number, length: number): number =>
  at(start + (Math.max(0, Math.min(100, score)) / 100) * length);

/** Text cut to `max` characters with an ellipsis, so a label never runs into its bar. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/** The number written in `data-value`: full precision, or "" for no score. */
export const dataValue = (value: number | null): string => (value === null ? '' : String(value));

/**
 * WCAG relative luminance contrast of two `#rrggbb` colours (1 to 21), used to keep the series
 * colours readable on the page.
 */
export function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (high! + 0.05) / (low! + 0.05);
}
