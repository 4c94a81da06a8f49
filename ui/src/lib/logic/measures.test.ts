import { describe, expect, it } from "vitest";
import type { Measure, Series } from "$lib/generated/types";
import { CHART, chartSummary, dateTicks, plot, scoreTicks, scoreY, weeksShort } from "./measures";

const point = (takenOn: string, total: number): Measure => ({
  id: total,
  clientId: 1,
  kind: "epds",
  takenOn,
  answers: [],
  itemScores: [],
  total,
  maxTotal: 30,
  band: { label: total >= 13 ? "Possible depression: assess" : "Below the screening threshold", elevated: total >= 13 },
  selfHarm: false,
  alertOpen: false,
  safetyNoteId: null,
  perinatal: null,
  antenatal: false,
});

const series = (points: Measure[]): Series => ({ kind: "epds", name: "EPDS", maxTotal: 30, thresholds: [{ score: 13, label: "Screening threshold (13)" }], points });

describe("trend chart geometry", () => {
  it("puts the first and last dates at the edges and scores from the bottom up", () => {
    const pts = plot(series([point("2026-01-01", 0), point("2026-01-11", 30), point("2026-01-21", 15)]));
    expect(pts[0].x).toBe(CHART.left);
    expect(pts[2].x).toBe(CHART.width - CHART.right);
    expect(pts[1].x).toBeCloseTo((CHART.left + CHART.width - CHART.right) / 2);
    expect(pts[0].y).toBe(CHART.height - CHART.bottom);
    expect(pts[1].y).toBe(CHART.top);
    expect(scoreY(13, 30)).toBeGreaterThan(scoreY(20, 30));
  });

  it("centres a single point", () => {
    const [only] = plot(series([point("2026-01-01", 5)]));
    expect(only.x).toBeCloseTo(CHART.left + (CHART.width - CHART.left - CHART.right) / 2);
  });

  it("labels scores every five and dates sparingly", () => {
    expect(scoreTicks(30)).toEqual([0, 5, 10, 15, 20, 25, 30]);
    expect(scoreTicks(27)).toEqual([0, 5, 10, 15, 20, 25, 27]);
    const twelve = Array.from({ length: 12 }, (_, i) => i);
    expect(dateTicks(twelve)).toEqual([0, 2, 4, 7, 9, 11]);
    expect(dateTicks([1, 2])).toEqual([1, 2]);
  });

  it("shortens the weeks of pregnancy for the axis", () => {
    expect(weeksShort("24 weeks pregnant")).toBe("24 wk pregnant");
    expect(weeksShort("1 weeks postpartum")).toBe("1 wk postpartum");
  });

  it("says in one sentence what the chart shows", () => {
    const text = chartSummary(series([point("2026-01-01", 16), point("2026-02-01", 8)]));
    expect(text).toMatch(/^EPDS: 2 scores from .* lowest 8, highest 16 of 30; latest 8 \(Below the screening threshold\)\.$/);
  });
});
