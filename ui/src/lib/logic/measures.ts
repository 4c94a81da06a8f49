import type { Measure, MeasureKind, Series } from "$lib/generated/types";

/** A trend chart's drawing area, in SVG units. */
export interface ChartBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const CHART: ChartBox = { width: 640, height: 250, left: 44, right: 16, top: 18, bottom: 40 };

const day = (iso: string) => Date.parse(`${iso}T12:00:00`);

/** x and y positions for each point: dates spread by time (one point sits in the middle), scores from 0 to the maximum. */
export function plot(series: Series, box: ChartBox = CHART): { x: number; y: number; point: Measure }[] {
  const innerW = box.width - box.left - box.right;
  const times = series.points.map((p) => day(p.takenOn));
  const first = Math.min(...times);
  const span = Math.max(...times) - first;
  return series.points.map((point, i) => ({
    x: box.left + (span === 0 ? innerW / 2 : ((times[i] - first) / span) * innerW),
    y: scoreY(point.total, series.maxTotal, box),
    point,
  }));
}

export function scoreY(score: number, max: number, box: ChartBox = CHART): number {
  const innerH = box.height - box.top - box.bottom;
  return box.top + innerH - (Math.min(score, max) / max) * innerH;
}

/** Score gridlines: every 5 up to the maximum (and the maximum itself). */
export function scoreTicks(max: number): number[] {
  const ticks: number[] = [];
  for (let t = 0; t < max; t += 5) ticks.push(t);
  ticks.push(max);
  return ticks;
}

/** At most `n` date labels, evenly picked, always the first and the last. */
export function dateTicks<T>(points: readonly T[], n = 6): T[] {
  if (points.length <= n) return [...points];
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(points[Math.round((i * (points.length - 1)) / (n - 1))]);
  return out;
}

/** "12 Mar 26": short enough for an axis. */
export function shortDate(iso: string): string {
  const d = new Date(`${iso}T12:00:00`);
  return d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "2-digit" });
}

/** "24 weeks pregnant" → "24 wk pregnant", "9 weeks postpartum" → "9 wk postpartum": short enough for an axis. */
export function weeksShort(perinatal: string): string {
  return perinatal.replace(/ weeks? /, " wk ");
}

/** One sentence for screen readers: how many points, the range, the latest. */
export function chartSummary(series: Series): string {
  const pts = series.points;
  if (pts.length === 0) return `${series.name}: no scores yet.`;
  const last = pts[pts.length - 1];
  const totals = pts.map((p) => p.total);
  return (
    `${series.name}: ${pts.length} ${pts.length === 1 ? "score" : "scores"} from ${shortDate(pts[0].takenOn)} to ${shortDate(last.takenOn)}, ` +
    `lowest ${Math.min(...totals)}, highest ${Math.max(...totals)} of ${series.maxTotal}; latest ${last.total} (${last.band.label}).`
  );
}

/** "EPDS on 27 Nov 2026: item 10 (thoughts of self-harm) above 0." */
export function alertLine(m: Measure, name: string, item: number | null): string {
  return `${name} on ${shortDate(m.takenOn)}: item ${item ?? "?"} (thoughts of self-harm) was answered above 0.`;
}

export const MEASURE_NAMES: Record<MeasureKind, string> = { epds: "EPDS", phq9: "PHQ-9", gad7: "GAD-7" };
