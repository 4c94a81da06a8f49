import assert from "node:assert/strict";
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import {
  e2e,
  addClientInForm,
  createVault,
  launchApp,
  lockWithButton,
  unlockWith,
  invokeOk,
  LICENSE,
  PASSPHRASE,
  PRACTICE,
  SLOW,
  QUICK,
  setInput,
  signInformedConsent,
  daysFromToday,
} from "./lib/app.mjs";
import { decodePng } from "./lib/png.mjs";

// ---- Helpers ----

async function addClient(app, legalName, dateOfBirth) {
  await addClientInForm(app, legalName, { dateOfBirth });
  await signInformedConsent(app);
}

async function openFirstClient(app) {
  await app.click("go-clients");
  await app.waitFor("clients");
  await app.click("client-row");
  await app.waitFor("client-notes");
}

/** Records a session from her page with the form's defaults (the hour just held) unless told otherwise. */
async function recordSession(app, { date, startTime, endTime, mood = "", affect = "", riskToSelf = "none" } = {}) {
  await app.click("new-session");
  await app.waitFor("session-form");
  if (date) await setInput(app, "field-date", date);
  if (startTime) await setInput(app, "field-startTime", startTime);
  if (endTime) await setInput(app, "field-endTime", endTime);
  if (mood) await app.type("field-check.mood", mood);
  if (affect) await app.type("field-check.affect", affect);
  const risk = await app.waitFor(`risk-riskToSelf-${riskToSelf}`);
  await risk.scrollIntoView({ block: "center" });
  await risk.click();
}

async function waitForSaved(app) {
  await app.browser.waitUntil(async () => (await app.el("save-state").getText()) === "Saved", {
    timeout: QUICK,
    timeoutMsg: "the editor never said Saved",
  });
}

/** A screenshot at 200% zoom (for people to look at: nothing may be cut off or overlap). */
async function zoomed(app, label) {
  await app.browser.execute(() => (document.documentElement.style.zoom = "2"));
  await app.shot(label);
  await app.browser.execute(() => (document.documentElement.style.zoom = ""));
}

async function timelineBadges(app) {
  return app.browser.$$('[data-testid="timeline-note"] [data-testid="disclosure-badge"]').map((el) => el.getAttribute("data-status"));
}

async function search(app, text) {
  await app.browser.keys(["Control", "k"]);
  const focused = await app.browser.execute(() => document.activeElement?.getAttribute("data-testid"));
  assert.equal(focused, "search-box", "Ctrl+K must focus the search box");
  await app.el("search-box").setValue(text);
  await app.waitFor("search-page");
}

const SUBJECTIVE = "She describes the grief as a heavy tide since the anniversary of her mother's death.";
const OBJECTIVE = "Tearful at times, well groomed, speech normal. EPDS 11.";
const PLAN = "Homework: journal <i>daily</i>; next session in one week.";
const PROCESS = "The tide image stirred something in me: notice my own pull to rescue.";
const ADDENDUM = "Late information: her sister called to say the funeral date moved.";

// ---- Tests ----

e2e("a SOAP note survives a hard kill, is signed, gets an addendum and a status, and search finds it but not the psychotherapy note", { timeout: 420_000 }, async (app) => {
  await createVault(app);
  await addClient(app, "Marguerite Ellsworth", "1991-04-17");
  await app.waitFor("client-notes");
  await app.shot("client-page-no-sessions");
  assert.match(await app.el("timeline-empty").getText(), /No sessions or notes yet/);

  // A session she has just held, with the structured check.
  await recordSession(app, { mood: "low but hopeful", affect: "tearful, congruent" });
  await app.shot("session-form");
  await app.click("save-session");
  await app.waitFor("session-page", SLOW);
  assert.equal(await app.el("session-title").getText(), "Session 1");

  // A SOAP progress note: each section its own field with its hint; "Saved" shows quietly.
  await app.click("template-soap");
  await app.shot("session-page-choose-template");
  await app.click("start-note");
  await app.waitFor("note-page");
  await app.type("note-section-subjective", SUBJECTIVE);
  await app.type("note-section-objective", OBJECTIVE);
  await app.type("note-section-plan", PLAN);
  const subjective = await app.el("note-section-subjective");
  assert.equal(await subjective.getAttribute("spellcheck"), "true", "the system's spell checker must be on");
  assert.ok(await subjective.getAttribute("lang"), "the spell checker needs the text's language");
  await waitForSaved(app);
  await app.shot("soap-note-saved");

  // A clinical word she selects goes into the vault's dictionary.
  await app.browser.execute((node) => {
    const at = node.value.indexOf("EPDS");
    node.focus();
    node.setSelectionRange(at, at + 4);
    node.dispatchEvent(new Event("select", { bubbles: true }));
  }, await app.el("note-section-objective"));
  const addWord = await app.waitFor("add-to-dictionary");
  assert.match(await addWord.getText(), /EPDS/);
  await addWord.click();
  await app.browser.waitUntil(async () => /EPDS/.test((await app.invokeRaw("dictionary_words")).value?.join(" ") ?? ""), {
    timeout: QUICK,
    timeoutMsg: "the word did not reach the vault's dictionary",
  });

  // A crash: the app is killed hard, without any chance to save more.
  const dataDir = app.dataDir;
  await app.killHard();

  const again = await launchApp("notes after a hard kill", { dataDir });
  try {
    await again.waitFor("unlock-screen", SLOW);
    await unlockWith(again, PASSPHRASE);
    await again.waitFor("home", SLOW);
    await openFirstClient(again);
    await again.click("open-note");
    await again.waitFor("note-page");
    assert.equal(await again.el("note-section-subjective").getValue(), SUBJECTIVE, "the saved text must survive a hard kill");
    assert.equal(await again.el("note-section-objective").getValue(), OBJECTIVE);
    assert.equal(await again.el("note-section-plan").getValue(), PLAN);
    await again.shot("note-after-restart");

    // Signing asks first, then locks the note: no editable field is left.
    await again.click("sign-note");
    await again.waitFor("sign-dialog");
    await again.shot("sign-dialog");
    await again.click("confirm-sign");
    const signedLine = await again.waitFor("signed-line");
    assert.match(await signedLine.getText(), /^Signed \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}$/);
    assert.equal(await again.el("note-editor").isExisting(), false, "a signed note must not be editable");
    assert.equal(await again.el("sign-note").isExisting(), false);
    assert.equal(await again.el("note-text-subjective").getText(), SUBJECTIVE);
    // Not only hidden: the core refuses to change it.
    const noteId = await noteIdFromTimeline(again);
    const edit = await again.invokeRaw("note_save_draft", {
      id: noteId,
      content: { template: "soap", sections: ["changed", "", "", ""] },
      expectedRevision: null,
    });
    assert.equal(edit.ok, false, "the core must refuse to edit a signed note");
    await again.click("open-note");
    await again.waitFor("note-page");

    // An addendum shows under the note, dated.
    await again.type("addendum-text", ADDENDUM);
    await again.click("add-addendum");
    const addendum = await again.waitFor("addendum");
    assert.match(await addendum.getText(), /Late information: her sister called/);
    assert.match(await addendum.getText(), /Addendum · \d{1,2} [A-Z][a-z]{2} \d{4}/);

    // Status: shareable, on a signed note. The badge explains itself to a screen reader too.
    await again.el("status-shareable").scrollIntoView({ block: "center" });
    await again.click("status-shareable");
    await again.browser.waitUntil(
      async () => (await again.el("note-page").$('[data-testid="disclosure-badge"]').getAttribute("data-status")) === "shareable",
      { timeout: QUICK, timeoutMsg: "the note's badge did not become Shareable" },
    );
    const badge = await again.el("note-page").$('[data-testid="disclosure-badge"]');
    const tipId = await badge.getAttribute("aria-describedby");
    const tip = await again.browser.execute((tid) => document.getElementById(tid)?.textContent ?? "", tipId);
    assert.match(tip, /authorization/, "the badge must be described by a one-sentence explanation");
    await again.shot("signed-note-with-addendum");

    // The timeline: the session numbered, the note with its badge and its addendum under it.
    await again.click("back-to-client");
    await again.waitFor("timeline");
    assert.deepEqual(await timelineBadges(again), ["shareable"]);
    assert.match(await again.el("timeline-session").getText(), /Session 1/);
    assert.match(await again.el("timeline-session").getText(), /Addendum/);
    assert.match(await again.el("year-summary").getText(), /1 session this year/);
    await again.browser.execute(() => document.querySelector("[data-testid='client-notes']")?.scrollIntoView({ block: "start" }));
    await again.shot("client-timeline");
    await zoomed(again, "client-timeline-200-percent");

    // A psychotherapy note for the same session: always Protected, with the reminder.
    await again.click("open-session");
    await again.waitFor("session-page");
    await again.click("kind-psychotherapy");
    await again.click("start-note");
    await again.waitFor("psychotherapy-reminder");
    assert.match(await again.el("psychotherapy-reminder").getText(), /medication, session times, diagnosis, treatment plan and progress summaries/);
    assert.equal(await again.el("note-page").$('[data-testid="disclosure-badge"]').getAttribute("data-status"), "protected");
    await again.type("note-section-text", PROCESS);
    await waitForSaved(again);
    await again.shot("psychotherapy-note");
    await zoomed(again, "psychotherapy-note-200-percent");

    // Search (Ctrl+K): the progress note, its word highlighted, its badge; not the psychotherapy note.
    await search(again, "tide");
    await again.browser.waitUntil(async () => (await again.browser.$$('[data-testid="note-hit"]').length) >= 1, {
      timeout: QUICK,
      timeoutMsg: "searching 'tide' found nothing",
    });
    let hits = await again.browser.$$('[data-testid="note-hit"]');
    assert.deepEqual(await hits.map((h) => h.getAttribute("data-kind")), ["progress"], "a psychotherapy note must not be in the default results");
    const marks = await hits[0].$$("mark").map((m) => m.getText());
    assert.ok(marks.length > 0 && marks.every((m) => m.toLowerCase() === "tide"), `the matched word must be highlighted: ${marks}`);
    assert.equal(await hits[0].$('[data-testid="disclosure-badge"]').getAttribute("data-status"), "shareable");
    assert.match(await hits[0].$('[data-testid="hit-client"]').getText(), /Marguerite Ellsworth/);
    await again.shot("search-results");

    // With the toggle, the psychotherapy note is found too.
    await again.click("include-protected");
    await again.browser.waitUntil(async () => (await again.browser.$$('[data-testid="note-hit"]').length) === 2, {
      timeout: QUICK,
      timeoutMsg: "the psychotherapy note was not found with the toggle on",
    });
    hits = await again.browser.$$('[data-testid="note-hit"]');
    assert.deepEqual((await hits.map((h) => h.getAttribute("data-kind"))).sort(), ["progress", "psychotherapy"]);
    await again.shot("search-with-psychotherapy-notes");

    // Note text is shown as text, never as markup.
    await again.click("include-protected");
    await again.el("search-box").setValue("journal");
    await again.browser.waitUntil(async () => /journal/i.test(await again.el("hit-snippet").getText().catch(() => "")), {
      timeout: QUICK,
      timeoutMsg: "searching 'journal' found nothing",
    });
    const snippet = await again.el("hit-snippet");
    assert.match(await snippet.getText(), /<i>daily<\/i>/, "markup typed in a note must show as typed");
    assert.equal(await snippet.$$("i").length, 0, "markup typed in a note must never become elements");

    // Discreet mode applies to the results (turning it on empties the search box: search again).
    await again.click("discreet-toggle");
    await again.el("search-box").setValue("journal");
    await again.browser.waitUntil(async () => (await again.el("hit-client").getText().catch(() => "")).startsWith("M.E."), {
      timeout: QUICK,
      timeoutMsg: "discreet mode did not hide her name in the results",
    });
    assert.doesNotMatch(await again.bodyText(), /Ellsworth/);
    await again.click("discreet-toggle");

    // A result opens its note.
    await again.click("open-hit");
    await again.waitFor("note-page");
    assert.match(await again.el("note-title").getText(), /Progress note \(SOAP\)/);

    // The word she added is listed in Settings, kept in the vault across the restart.
    await again.click("open-settings");
    assert.match(await (await again.waitFor("dictionary-words")).getText(), /EPDS/);
  } finally {
    await again.shot("last").catch(() => {});
    await again.browser.deleteSession().catch(() => {});
  }
});

/** The id of the first note in her timeline (from her page). */
async function noteIdFromTimeline(app) {
  await app.click("back-to-client");
  const row = await app.waitFor("timeline-note");
  return Number(await row.getAttribute("data-note-id"));
}

e2e("elevated risk stays on her page until a safety plan and a duty-to-warn decision are documented; old drafts are overdue", async (app) => {
  await createVault(app);
  await addClient(app, "Dolores Quayle", "1988-09-02");
  await app.waitFor("client-notes");

  // Five days ago, moderate risk to self, nothing documented yet.
  await recordSession(app, { date: daysFromToday(-5), startTime: "10:00", endTime: "10:50", riskToSelf: "moderate" });
  await app.waitFor("risk-follow-up");
  await app.shot("risk-follow-up-fields");
  await app.click("save-session");
  await app.waitFor("session-page", SLOW);
  await app.waitFor("session-risk-open");

  // A free-text note, left as a draft.
  await app.click("template-free_text");
  await app.click("start-note");
  await app.type("note-section-text", "Discussed sleep and the new baby's feeding schedule.");
  await waitForSaved(app);
  await app.click("back-to-client");
  await app.waitFor("open-risk");
  await app.waitFor("client-overdue");
  await app.shot("client-page-risk-and-overdue");

  // Home lists every overdue draft.
  await app.click("go-home");
  const overdue = await app.waitFor("overdue-draft");
  assert.match(await overdue.getText(), /Dolores Quayle/);
  assert.match(await overdue.getText(), /5 days old/);
  await app.shot("home-overdue");

  // A session ending before it starts is refused next to the field.
  await openFirstClient(app);
  await app.click("document-risk");
  await app.waitFor("session-form");
  await setInput(app, "field-endTime", "09:30");
  await app.click("save-session");
  await app.waitFor("error-endTime");
  await app.shot("session-form-error");
  await setInput(app, "field-endTime", "10:50");

  // Documenting the plan alone is not enough; with the duty decision the item goes away.
  await app.type("field-check.safetyPlan", "Crisis line on her phone; partner holds the medication; call on Friday.");
  await app.click("save-session");
  await app.waitFor("session-page", SLOW);
  await app.waitFor("session-risk-open");
  await app.click("edit-session");
  await app.waitFor("session-form");
  const duty = await app.waitFor("duty-does_not_apply");
  await duty.scrollIntoView({ block: "center" });
  await duty.click();
  await app.click("save-session");
  await app.waitFor("session-page", SLOW);
  assert.equal(await app.el("session-risk-open").isExisting(), false);
  await app.click("back-to-client");
  await app.waitFor("timeline");
  assert.equal(await app.el("open-risk").isExisting(), false, "the risk item must go once both are documented");

  // Today's session; from its note, "previous session" leads to the note of the session before.
  await recordSession(app);
  await app.click("save-session");
  await app.waitFor("session-page", SLOW);
  assert.equal(await app.el("session-title").getText(), "Session 2");
  await app.click("start-note");
  await app.waitFor("note-page");
  assert.equal(await app.el("next-session").isEnabled(), false);
  await app.click("previous-session");
  await app.browser.waitUntil(async () => (await app.el("note-section-text").getValue().catch(() => "")).includes("feeding schedule"), {
    timeout: QUICK,
    timeoutMsg: "previous session did not open the earlier session's note",
  });
  await app.click("next-session");
  await app.browser.waitUntil(async () => (await app.el("note-title").getText().catch(() => "")) === "Progress note (SOAP)", {
    timeout: QUICK,
    timeoutMsg: "next session did not come back to today's note",
  });
});

// The spell checker's folder in memory and a home folder of the test's own, to see where words go.
const spellingRoot = path.join(process.env.CONFIDANT_E2E_RUN_DIR, "spelling");
const runtimeDir = path.join(spellingRoot, "runtime");
const homeDir = path.join(spellingRoot, "home");
mkdirSync(runtimeDir, { recursive: true, mode: 0o700 });
mkdirSync(homeDir, { recursive: true, mode: 0o700 });

/** Pixels of WebKit's red dotted spelling underline in a field (the marks are not in the DOM). */
async function spellingMarks(app, testid) {
  const field = await app.el(testid);
  // In the page itself: WebKitWebDriver does not carry out the wheel actions WebdriverIO scrolls with.
  await app.browser.execute((node) => node.scrollIntoView({ block: "center" }), field);
  // The window's screenshot, as people see it, cut to the field.
  const [left, top, right, bottom] = await app.browser.execute((node) => {
    const r = node.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom].map((v) => Math.round(v * window.devicePixelRatio));
  }, field);
  const png = decodePng(await app.capture());
  let red = 0;
  for (let y = Math.max(top, 0); y < Math.min(bottom, png.height); y++) {
    for (let x = Math.max(left, 0); x < Math.min(right, png.width); x++) {
      // The dots are drawn smoothed, from about (255, 63, 62) to (255, 189, 187); nothing else
      // in a field is that red.
      const [r, g, b] = png.pixel(x, y);
      if (r > 200 && r - g > 80 && r - b > 80) red += 1;
    }
  }
  return red;
}

/** Types `text` into a field, then moves on, as the checker checks a word once it is left. */
async function retype(app, testid, text) {
  await app.type(testid, `${text} `);
  await app.el("note-section-plan").click();
}

async function waitForMarks(app, testid, present, message) {
  await app.browser.waitUntil(async () => (await spellingMarks(app, testid)) > 0 === present, { timeout: QUICK, timeoutMsg: message });
}

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true }).map((name) => path.join(dir, name));
}

e2e(
  "the editor underlines misspellings with the system's dictionary, not the words she added, and her words stay in memory",
  { env: { XDG_RUNTIME_DIR: runtimeDir, HOME: homeDir, XDG_CONFIG_HOME: path.join(homeDir, ".config") } },
  async (app) => {
    await createVault(app);
    const [folder] = readdirSync(runtimeDir).filter((name) => name.startsWith("confidant-spelling-"));
    assert.ok(folder, "the word list's folder is in the runtime folder (in memory)");
    const list = path.join(runtimeDir, folder, "en_US.dic");
    assert.equal(statSync(path.dirname(list)).mode & 0o777, 0o700, "the folder is owner-only");
    assert.equal(readFileSync(list, "utf8"), "", "a new vault lends the checker no words");

    await addClient(app, "Odile Brennan", "1993-02-11");
    await recordSession(app);
    await app.click("save-session");
    await app.waitFor("session-page", SLOW);
    await app.click("template-soap");
    await app.click("start-note");
    await app.waitFor("note-page");

    // The system's dictionary: a misspelling is underlined, and so is a clinical word it lacks.
    await retype(app, "note-section-subjective", "She did not recieve the leaflet");
    await retype(app, "note-section-objective", "Trichotillomania");
    await waitForMarks(app, "note-section-subjective", true, "a misspelling was not underlined: is spell checking on?");
    await waitForMarks(app, "note-section-objective", true, "the system dictionary should not know the clinical word");
    await app.shot("spelling-before-adding");

    // Added to her dictionary, the word reaches the checker and is no longer underlined.
    assert.deepEqual((await app.invokeRaw("dictionary_add", { word: "trichotillomania" })).value, ["trichotillomania"]);
    assert.equal(readFileSync(list, "utf8"), "trichotillomania\n");
    await retype(app, "note-section-objective", "Trichotillomania");
    await waitForMarks(app, "note-section-objective", false, "the word she added is still underlined");
    await waitForMarks(app, "note-section-subjective", true, "the misspelling is no longer underlined");
    await app.shot("spelling-after-adding");

    // A word the checker's own "Learn Spelling" appends goes into the vault too.
    appendFileSync(list, "doula\n");
    assert.deepEqual((await app.invokeRaw("dictionary_words")).value, ["doula", "trichotillomania"]);

    // Locked, the checker is lent nothing; unlocked again, the words come back from the vault.
    await lockWithButton(app);
    assert.equal(readFileSync(list, "utf8"), "", "locking empties the word list");
    await unlockWith(app, PASSPHRASE);
    await app.waitFor("home", SLOW);
    assert.equal(readFileSync(list, "utf8"), "doula\ntrichotillomania\n");

    const atHome = filesUnder(homeDir).filter((file) => statSync(file).isFile() && /doula|trichotillomania/.test(readFileSync(file, "latin1")));
    assert.deepEqual(atHome, [], "her words must never be written under the home folder");
    assert.equal(existsSync(path.join(homeDir, ".config", "enchant")), false, "Enchant's folder in the home folder must not be used");
  },
);

e2e("a video session with her in a state the profile lists no license for is flagged in the session form and on Today", async (app) => {
  await createVault(app);
  await invokeOk(app, "practice_profile_save", { profile: { ...PRACTICE, licenses: [LICENSE] } });
  await addClient(app, "Ottoline Farquharson", "1990-05-04");
  await app.click("new-session");
  await app.waitFor("session-form");
  await setInput(app, "field-date", daysFromToday(1));
  await app.el("field-modality").selectByAttribute("value", "video");
  await app.type("field-location.state", "KS");
  const warning = await app.waitFor("licensure-warning", SLOW);
  assert.match(await warning.getText(), /She will be in Kansas, where your practice profile lists no license\. Before a video session/);
  await app.shot("licensure-warning");
  // Where she is licensed, nothing to check.
  await app.type("field-location.state", "MO");
  await app.browser.waitUntil(async () => !(await app.el("licensure-warning").isExisting()), {
    timeout: QUICK,
    timeoutMsg: "the warning stayed for a state she is licensed in",
  });
  await app.type("field-location.state", "KS");
  await app.waitFor("licensure-warning");
  await app.click("save-session");
  await app.browser.waitUntil(async () => !(await app.el("session-form").isExisting()), { timeout: SLOW, timeoutMsg: "the session was not saved" });

  await app.click("go-home");
  const flagged = await app.waitFor("appointment-licensure", SLOW);
  assert.match(await flagged.getText(), /She will be in Kansas/);
  await app.shot("today-licensure");
});
