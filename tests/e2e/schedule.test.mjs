import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdir, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import {
  accessibilityProblems,
  createClient,
  createVault,
  daysFromToday,
  e2e,
  invokeOk,
  QUICK,
  SLOW,
} from "./lib/app.mjs";

/** The schedule (issue 17): booking a series from the week, moving by keyboard, outcomes, what leaves. */

const HENRIETTA = {
  legalName: "Henrietta Vasquez",
  dateOfBirth: "1990-08-14",
  contact: { phone: "573 555 0142", voicemailOk: false, textOk: true, email: "", emailOk: false, address: "" },
};

/** Monday of next week, and its Tuesday, as YYYY-MM-DD (every day of that week is ahead). */
function nextWeek() {
  const d = new Date();
  const toMonday = ((8 - d.getDay()) % 7) || 7;
  return { monday: daysFromToday(toMonday), tuesday: daysFromToday(toMonday + 1), nextTuesday: daysFromToday(toMonday + 8) };
}

const pdfText = (file) => execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");

/** The slot shown at `date` `start`, if any. */
const slotAt = (app, date, start) => app.browser.$(`[data-testid="slot"][data-slot-date="${date}"][data-slot-start="${start}"]`);

/**
 * What a block on the week shows. Read as the page renders it: WebKitWebDriver's element text is
 * empty for text directly inside an element that clips (`overflow: hidden`), as each line of a
 * block does to end in an ellipsis.
 */
const shown = (slot) => slot.getProperty("innerText");

/** Puts the keyboard's cursor on a half hour of the grid, as Tab and the arrows would. */
async function focusCell(app, testid) {
  await app.browser.execute((id) => document.querySelector(`[data-testid="${id}"]`).focus(), testid);
}

/** Presses keys on the focused element, one at a time. */
async function press(app, ...keys) {
  for (const key of keys) await app.browser.keys(key);
}

async function openSchedule(app) {
  await app.click("go-schedule");
  await app.waitFor("schedule-grid", SLOW);
}

e2e("she books a weekly series from the week, moves one by keyboard, records a no-show and sees it on Today and her page", async (app) => {
  await createVault(app);
  const client = await createClient(app, HENRIETTA, { consented: true });
  // An appointment earlier today, not yet recorded: she will record the no-show.
  const missed = await invokeOk(app, "session_create", {
    clientId: client.id,
    fields: { date: daysFromToday(0), startTime: "00:00", endTime: "00:30", kind: "individual", modality: "in_person", attendance: "scheduled" },
  });

  await openSchedule(app);
  assert.ok(await app.el("now-line").isExisting(), "today's column has the now-line");
  await app.shot("schedule-week");
  assert.deepEqual(await accessibilityProblems(app), []);

  // Next week, Tuesday at 10:00: the keyboard finds the slot, Enter books it.
  const { tuesday, nextTuesday } = nextWeek();
  await app.click("schedule-next");
  await app.waitFor(`cell-${tuesday}-10:00`);
  await focusCell(app, `cell-${tuesday}-10:00`);
  await press(app, "Enter");
  await app.waitFor("book-dialog");
  await app.type("book-client-search", "Henrietta");
  await app.click("book-client-option");
  await app.el("book-repeat").selectByVisibleText("Every week");
  await app.type("book-count", "4");
  await app.shot("schedule-book");
  assert.deepEqual(await accessibilityProblems(app), []);
  await app.click("book-save");
  assert.match(await (await app.waitFor("booked-count", SLOW)).getText(), /4 appointments booked for Henrietta Vasquez/);
  await app.click("book-close");
  const booked = await slotAt(app, tuesday, "10:00");
  await booked.waitForDisplayed({ timeout: QUICK, timeoutMsg: "the first appointment is not on the week" });
  assert.match(await shown(booked), /Henrietta Vasquez[\s\S]*1 of 4/);

  // M carries it, two half hours later, Enter puts it there; only this one moves.
  await focusCell(app, `cell-${tuesday}-10:00`);
  await press(app, "m");
  await app.waitFor("schedule-moving");
  await press(app, "ArrowDown", "ArrowDown");
  assert.match(await app.el("schedule-moving").getText(), /11:00–11:50/);
  await press(app, "Enter");
  await app.waitFor("scope-dialog");
  await app.shot("schedule-scope");
  await press(app, "Enter");
  await (await slotAt(app, tuesday, "11:00")).waitForDisplayed({ timeout: SLOW, timeoutMsg: "the appointment did not move" });
  assert.equal(await (await slotAt(app, tuesday, "10:00")).isExisting(), false);
  await app.click("schedule-next");
  await (await slotAt(app, nextTuesday, "10:00")).waitForDisplayed({ timeout: QUICK, timeoutMsg: "the following one moved too" });
  assert.match(await shown(await slotAt(app, nextTuesday, "10:00")), /2 of 4/);

  // Back to this week: the appointment of this morning, a no-show.
  await app.click("schedule-today");
  const earlier = app.browser.$(`[data-testid="slot"][data-slot-id="${missed.id}"]`);
  await earlier.waitForDisplayed({ timeout: QUICK });
  await earlier.click();
  await app.waitFor("appointment-dialog");
  await app.shot("schedule-appointment");
  assert.deepEqual(await accessibilityProblems(app), []);
  await app.click("outcome-no_show");
  await app.browser.waitUntil(async () => /No-show/.test(await shown(earlier)), { timeout: QUICK, timeoutMsg: "the no-show is not on the week" });

  // Today and her page read the same schedule.
  await app.click("go-home");
  const row = await app.waitFor("appointment");
  assert.match(await row.getText(), /Henrietta Vasquez[\s\S]*No-show/);
  await app.shot("today-no-show");
  await row.$("button").click();
  await app.waitFor("client-page", SLOW);
  assert.match(await (await app.waitFor("client-missed")).getText(), /No-show/);
  assert.match(await app.el("client-series").getText(), /Every week on Tuesday: 4 left/);
  assert.match(await app.el("next-appointment").getText(), /11:00–11:50/);
  await app.el("next-appointment").scrollIntoView({ block: "center" });
  await app.shot("client-schedule");
  // She books from her page too: the dialog knows whom for.
  await app.click("client-book");
  assert.equal(await (await app.waitFor("book-client")).getText(), "Henrietta Vasquez");
  await press(app, "Escape");
  await app.browser.waitUntil(async () => !(await app.el("book-dialog").isExisting()), { timeout: QUICK, timeoutMsg: "Escape did not close the booking" });

  // Discreet mode: the week names nobody.
  await openSchedule(app);
  await app.click("discreet-toggle");
  await app.browser.waitUntil(async () => !(await app.bodyText()).includes("Henrietta") && /H\.V\./.test(await app.bodyText()), {
    timeout: SLOW,
    timeoutMsg: "the schedule still names her in discreet mode",
  });
  await app.shot("schedule-discreet");
  // Nor the week after, read ahead before she turned discreet mode on.
  const thisWeek = await app.el("schedule-grid").getAttribute("data-from");
  await app.click("schedule-next");
  await app.browser.waitUntil(async () => (await app.el("schedule-grid").getAttribute("data-from")) !== thisWeek, {
    timeout: QUICK,
    timeoutMsg: "the next week did not show",
  });
  const nextWeekText = await app.bodyText();
  assert.ok(!nextWeekText.includes("Henrietta") && /H\.V\./.test(nextWeekText), "the week read ahead still names her");
});

/** Python with the icalendar package (the `python3` on the path, else the system's). */
function icalendarPython() {
  for (const python of ["python3", "/usr/bin/python3"]) {
    if (spawnSync(python, ["-c", "import icalendar"]).status === 0) return python;
  }
  throw new Error("Python's icalendar is needed to read the calendar back: apt-get install python3-icalendar");
}

const phone = path.join(process.env.CONFIDANT_E2E_RUN_DIR ?? "/tmp", "phone-calendar");

e2e("the day sheet prints initials unless she asks for names, and the calendar for her phone holds codes only", { env: { CONFIDANT_TEST_DIALOG_PATH: phone } }, async (app) => {
  await mkdir(phone, { recursive: true });
  await createVault(app);
  const client = await createClient(app, HENRIETTA, { consented: true });
  const { monday } = nextWeek();
  await invokeOk(app, "schedule_book", {
    booking: {
      clientId: client.id,
      fields: { date: monday, startTime: "09:00", endTime: "09:50", kind: "individual", modality: "video", location: { state: "MO", city: "" }, attendance: "scheduled" },
      series: { repeat: "every_other_week", until: null, count: 3 },
    },
  });

  // The day sheet of next Monday: the cursor goes there by keyboard, then Print.
  await openSchedule(app);
  await app.click("schedule-next");
  await app.waitFor(`cell-${monday}-09:00`);
  await focusCell(app, `cell-${monday}-09:00`);
  await app.click("schedule-print");
  await app.waitFor("day-sheet-dialog");
  assert.match(await app.el("day-sheet-dialog").getText(), /Print the day sheet for Mon/);
  await app.click("day-sheet-print");
  let opened = [];
  await app.browser.waitUntil(async () => (opened = await app.viewerEntries()).length > 0, { timeout: SLOW, timeoutMsg: "no day sheet reached the viewer" });
  assert.equal(opened[0].magic, "%PDF-");
  assert.match(path.basename(opened[0].file), /^day-sheet-\d{4}-\d{2}-\d{2}\.pdf$/);
  let text = pdfText(opened[0].file);
  assert.match(text, /09:00–09:50 H\.V\. Individual, video/);
  assert.doesNotMatch(text, /Henrietta|Vasquez/);

  // Names only after the warning.
  await app.click("schedule-print");
  await app.click("day-sheet-names");
  assert.match(await (await app.waitFor("day-sheet-names-warning")).getText(), /will name your clients/);
  await app.shot("day-sheet-names");
  await app.click("day-sheet-print");
  await app.browser.waitUntil(async () => (opened = await app.viewerEntries()).length > 1, { timeout: SLOW });
  text = pdfText(opened[1].file);
  assert.match(text, /Henrietta Vasquez/);

  // The calendar for her phone, in the folder she picked.
  await app.click("schedule-export");
  await app.waitFor("export-dialog");
  assert.deepEqual(await accessibilityProblems(app), []);
  await app.shot("schedule-export");
  await app.click("export-save");
  // The day sheet's message is still there until the export's replaces it.
  let message = "";
  await app.browser.waitUntil(
    async () => /^Saved /.test((message = await (await app.waitFor("schedule-message", SLOW)).getText())),
    { timeout: SLOW, timeoutMsg: "the export said nothing" },
  );
  assert.match(message, /Saved confidant-schedule-.*\.ics with 3 appointments/);
  const [file] = (await readdir(phone)).filter((f) => f.endsWith(".ics"));
  const bytes = await readFile(path.join(phone, file), "utf8");
  assert.doesNotMatch(bytes, /Henrietta|Vasquez|H\.V\./);
  const parsed = execFileSync(
    icalendarPython(),
    ["-c", "import sys, icalendar\nfor e in icalendar.Calendar.from_ical(open(sys.argv[1],'rb').read()).walk('VEVENT'): print(str(e.get('summary')))", path.join(phone, file)],
    { encoding: "utf8" },
  );
  assert.deepEqual(parsed.trim().split("\n"), Array(3).fill(`${client.code} · Individual (video)`));
});
