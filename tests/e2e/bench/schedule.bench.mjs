// The schedule through the real window (issue 17), on a demo practice of 2,000 clients (ten years of
// sessions, and the demo's schedule: about 230 clients in series, five or six to an hour):
//   week_view_paint_ms   from the click on Schedule to this week's appointments painted, median of runs
//   week_move_ms         from the click on the next or previous week to that week painted, median
// Timed inside the page as register.bench.mjs does: performance.now() at the click, a
// MutationObserver for the grid showing the expected week with its appointments, then the frame
// that shows it (requestAnimationFrame and a posted message).

import assert from "node:assert/strict";
import path from "node:path";
import { e2e, unlockWith, SLOW } from "../lib/app.mjs";
import { inPage, median, mergeResults, prepareVault, round2 } from "./lib.mjs";

const CLIENTS = 2_000;
const RUNS = Number(process.env.BENCH_SCHEDULE_RUNS ?? 9);

/**
 * Clicks `testid` and times until the grid shows a week other than `before` (any week when null)
 * with appointments, painted.
 */
function timeWeek(argsJson, done) {
  const { testid, before } = JSON.parse(argsJson);
  const button = document.querySelector(`[data-testid="${testid}"]`);
  if (!button) return done({ failure: `no ${testid}` });
  let start = 0;
  const ready = () => {
    const grid = document.querySelector('[data-testid="schedule-grid"]');
    return grid && grid.dataset.from !== before && grid.querySelector('[data-testid="slot"]') ? grid : null;
  };
  const timer = setTimeout(() => {
    observer.disconnect();
    done({ failure: "the week was not painted within 10 s" });
  }, 10_000);
  const observer = new MutationObserver(() => {
    const grid = ready();
    if (!grid) return;
    observer.disconnect();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        clearTimeout(timer);
        done({ ms: performance.now() - start, from: grid.dataset.from, slots: grid.querySelectorAll('[data-testid="slot"]').length });
      };
      channel.port2.postMessage(null);
    });
  });
  observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-from"] });
  start = performance.now();
  button.click();
}

/** Back to Home, and a couple of frames. */
function goHome(_argsJson, done) {
  document.querySelector('[data-testid="go-home"]').click();
  const check = () => {
    if (document.querySelector('[data-testid="home"]') && !document.querySelector('[data-testid="schedule"]')) {
      requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => done({ ok: true }), 150)));
    } else setTimeout(check, 10);
  };
  check();
}

const prepared = path.join(process.env.CONFIDANT_E2E_RUN_DIR, "bench-schedule-vault");
const passphrase = prepareVault(prepared, CLIENTS);

e2e("the schedule of a practice with 2,000 clients: the week painted, moving a week", { dataFrom: prepared, timeout: 600_000 }, async (app) => {
  await app.browser.setTimeout({ script: 60_000 });
  await app.waitFor("unlock-screen", SLOW);
  await unlockWith(app, passphrase);
  await app.waitFor("home", SLOW);

  const paints = [];
  for (let run = 0; run <= RUNS; run++) {
    const { ms, slots } = await inPage(app, timeWeek, { testid: "go-schedule", before: null });
    if (run > 0) paints.push(ms); // the first run loads the page's code
    console.log(`week painted run ${run}: ${ms.toFixed(1)} ms, ${slots} appointments`);
    await inPage(app, goHome, {});
  }
  await inPage(app, timeWeek, { testid: "go-schedule", before: null });
  const moves = [];
  let from = await app.el("schedule-grid").getAttribute("data-from");
  for (let run = 0; run < RUNS * 2; run++) {
    const testid = run % 2 === 0 ? "schedule-next" : "schedule-previous";
    const moved = await inPage(app, timeWeek, { testid, before: from });
    moves.push(moved.ms);
    from = moved.from;
    console.log(`${testid} run ${run}: ${moved.ms.toFixed(1)} ms, ${moved.slots} appointments`);
  }
  await app.shot("schedule-2000-clients");
  assert.equal(paints.length, RUNS);

  const figures = [
    { name: "week_view_paint_ms", value: round2(median(paints)), unit: "ms" },
    { name: "week_move_ms", value: round2(median(moves)), unit: "ms" },
  ];
  for (const f of figures) console.log(`${f.name.padEnd(28)} ${f.value.toFixed(2).padStart(10)} ${f.unit}`);
  await mergeResults(figures);
});
