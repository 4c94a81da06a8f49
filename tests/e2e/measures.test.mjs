import assert from "node:assert/strict";
import { e2e, addClientInForm, createVault, SLOW, QUICK, daysFromToday } from "./lib/app.mjs";

async function addClient(app, legalName) {
  await addClientInForm(app, legalName, { dateOfBirth: "1991-05-20" });
  await app.waitFor("measures-panel");
}

/** Clicks one answer: item `i` (0-based), choice `v` (0 = top). */
async function answer(app, i, v) {
  const radio = await app.waitFor(`answer-${i}-${v}`);
  await radio.scrollIntoView({ block: "center" });
  await radio.click();
}

e2e("an EPDS with thoughts of self-harm raises an alert that clears only when the safety assessment is signed", async (app) => {
  await createVault(app);
  await addClient(app, "Rosamund Achterberg");
  await app.waitFor("measures-empty");
  await app.click("record-measure");
  await app.waitFor("measure-entry");

  // Half a form is refused, item by item, and nothing is saved.
  await app.click("measure-kind-epds");
  for (let i = 0; i < 5; i++) await answer(app, i, 1);
  await app.click("measure-save");
  assert.match(await (await app.waitFor("measure-error")).getText(), /5 answers need attention/);
  await app.shot("epds-half-filled");

  // Items 1 to 9 on the second box; item 10 on the third box ("hardly ever": scores 1).
  for (let i = 5; i < 9; i++) await answer(app, i, 1);
  await answer(app, 9, 2);
  await app.click("measure-save");
  await app.waitFor("measure-result");
  // Items 1, 2 and 4 score 1 each, the six reversed ones 2 each, item 10 scores 1.
  assert.match(await (await app.waitFor("measure-total")).getText(), /^EPDS of .+: 16 of 30$/);
  assert.match(await app.el("measure-band").getText(), /Possible depression: assess/);
  assert.match(await app.el("measure-alert").getText(), /Thoughts of self-harm/);
  await app.shot("epds-result-with-alert");

  // The alert opens a safety note prefilled with what was answered.
  await app.click("measure-safety");
  await app.waitFor("note-page", SLOW);
  const body = await app.browser.execute(() => [...document.querySelectorAll("textarea")].map((t) => t.value).join("\n"));
  assert.match(body, /item 10 \(thoughts of self-harm\) scored 1 of 3/);
  await app.shot("safety-note-prefilled");

  // A draft does not close the alert.
  await app.click("back-to-client");
  await app.waitFor("measure-alert");
  await app.shot("client-with-open-alert");
  assert.match(await app.el("rescreen-due").getText(), /EPDS rescreen due/);

  // Signing it does.
  await app.click("measure-safety");
  await app.waitFor("note-page", SLOW);
  await app.click("sign-note");
  await app.waitFor("sign-dialog");
  await app.click("confirm-sign");
  await app.waitFor("signed-line");
  await app.click("back-to-client");
  await app.waitFor("measures-panel");
  await app.browser.pause(300);
  assert.equal(await app.el("measure-alert").isExisting(), false, "the signed assessment closes the alert");
  assert.ok(await app.el("timeline-measure").isExisting(), "the EPDS is on her timeline");
});

e2e("the trend chart of twelve EPDS scores is labelled, shows the threshold and reads as a table", async (app) => {
  await createVault(app);
  await addClient(app, "Winifred Castellane");
  const clientId = 1; // the first client of a new vault
  // Twelve screens a month apart, through the real command (the form is tested above).
  const totals = [16, 14, 15, 12, 11, 13, 9, 10, 8, 7, 9, 6];
  for (const [n, total] of totals.entries()) {
    // Item scores adding up to `total` (item 10 stays at 0: no self-harm alert here).
    const scores = Array(10).fill(0);
    let left = total;
    for (let i = 0; i < 9 && left > 0; i++) {
      scores[i] = Math.min(3, left);
      left -= scores[i];
    }
    // Back to the boxes she would have ticked: items 1, 2 and 4 score in order, the rest reversed.
    const boxes = scores.map((s, i) => ([0, 1, 3].includes(i) ? s : 3 - s));
    const saved = await app.invokeRaw("measure_record", {
      measure: { clientId, kind: "epds", takenOn: daysFromToday(-(30 * (totals.length - n))), answers: boxes },
    });
    assert.ok(saved.ok, JSON.stringify(saved.error));
    assert.equal(saved.value.total, total);
  }
  await app.click("go-clients");
  await app.waitFor("clients");
  await app.click("client-row");
  const chart = await app.waitFor("trend-chart");
  await app.browser.execute(() => document.querySelector('[data-testid="trend-chart"]').scrollIntoView({ block: "start" }));
  await app.shot("epds-trend-chart");

  const svg = await chart.$("svg");
  assert.equal(await svg.getAttribute("role"), "img");
  const described = await app.browser.execute(() => {
    const el = document.querySelector('[data-testid="trend-chart"] svg');
    const label = document.getElementById(el.getAttribute("aria-labelledby")).textContent;
    const summary = document.getElementById(el.getAttribute("aria-describedby")).textContent;
    return `${label} | ${summary}`;
  });
  assert.match(described, /EPDS.*12 scores.*lowest 6, highest 16 of 30; latest 6/);
  assert.match(await chart.getText(), /Screening threshold \(13\)/);
  assert.match(await chart.getText(), /total score \(0 to 30\) by date taken/);
  const rows = await app.browser.execute(() => document.querySelectorAll('[data-testid="trend-table"] tbody tr').length);
  assert.equal(rows, 12);
  await app.browser.waitUntil(async () => (await app.browser.$$('[data-testid="timeline-measure"]')).length === 12, {
    timeout: QUICK,
    timeoutMsg: "the twelve measures are not all on the timeline",
  });
});
