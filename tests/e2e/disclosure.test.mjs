import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { e2e, addClientInForm, createVault, fillProfileNeeds, setInput, signInformedConsent, SLOW, QUICK, daysFromToday } from "./lib/app.mjs";

// The native save dialog cannot be driven from WebDriver: debug builds save here instead.
const savedDir = path.join(process.env.CONFIDANT_E2E_RUN_DIR, "saved-release");
const savedFile = path.join(savedDir, "release-for-dr-lee.pdf");
mkdirSync(savedDir, { recursive: true });

const SHARED = "Sleeping better since the baby came home";
const PRIVATE = "Spoke about the strain in her marriage";
const PROTECTED = "My own sense of her grief, still unnamed";
const HOTLINE = "Children's Division hotline";
const REFERENCE = "CD-2026-44817";

const pdfText = (file) => execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");

async function addClient(app, legalName) {
  await addClientInForm(app, legalName, { dateOfBirth: "1992-08-19" });
  await signInformedConsent(app);
}

/** A signed note with this text and status, for a session held `daysAgo` days ago, through the real commands. */
async function signedNote(app, { daysAgo, kind = "progress", text, status }) {
  const ok = (answer) => {
    assert.ok(answer.ok, JSON.stringify(answer.error));
    return answer.value;
  };
  const fields = { date: daysFromToday(-daysAgo), startTime: "10:00", endTime: "10:50", attendance: "attended" };
  const session = ok(await app.invokeRaw("session_create", { clientId: 1, fields }));
  const note = ok(await app.invokeRaw("note_create", { note: { clientId: 1, sessionId: session.id, kind, template: "free_text", date: "" } }));
  ok(await app.invokeRaw("note_save_draft", { id: note.id, content: { template: "free_text", sections: [text] }, expectedRevision: null }));
  ok(await app.invokeRaw("note_sign", { id: note.id }));
  if (status !== undefined) ok(await app.invokeRaw("note_set_status", { id: note.id, status }));
  return note.id;
}

/** Back to her page, freshly loaded (the notes were written behind the window's back). */
async function reopenClient(app) {
  await app.click("go-clients");
  await app.waitFor("clients");
  await app.click("client-row");
  await app.waitFor("disclosure-panel", SLOW);
}

/** Ticks every group of what may go, as she would one by one. */
async function tickEverything(app) {
  for (const group of await app.browser.$$('[data-testid="release-pick-group"]')) {
    if (!(await group.isSelected())) await group.click();
  }
  await app.browser.waitUntil(async () => app.el("release-print").isEnabled(), { timeout: QUICK, timeoutMsg: "ticking did not enable printing" });
}

async function scrollTo(app, testid) {
  await app.browser.execute((t) => document.querySelector(`[data-testid="${t}"]`)?.scrollIntoView({ block: "start" }), testid);
}

/** The PDF the app handed to the viewer after `before` others. */
async function nextPdf(app, before, what) {
  let opened = [];
  await app.browser.waitUntil(async () => (opened = await app.viewerEntries()).length > before, {
    timeout: SLOW,
    timeoutMsg: `the ${what} was never handed to the PDF viewer`,
  });
  const { file, magic } = opened[opened.length - 1];
  assert.equal(magic, "%PDF-");
  assert.equal(path.dirname(file), await app.spoolDir(), `printed into the private spool: ${file}`);
  return file;
}

const marksOf = async (app, noteId) => {
  const row = await app.browser.$(`[data-testid="timeline-note"][data-note-id="${noteId}"]`);
  const marks = await row.$('[data-testid="disclosed-marks"]');
  return (await marks.isExisting()) ? marks.getText() : "";
};

async function noteDisclosures(app, noteId) {
  await app.browser.$(`[data-testid="timeline-note"][data-note-id="${noteId}"] [data-testid="open-note"]`).click();
  const text = await (await app.waitFor("note-disclosures", SLOW)).getText();
  await app.click("back-to-client");
  await app.waitFor("disclosure-panel", SLOW);
  return text;
}

e2e(
  "an authorization, a release that holds only what she agreed to, a mandated report on the note, and the accounting that lists it",
  { timeout: 420_000, env: { CONFIDANT_TEST_DIALOG_PATH: savedFile } },
  async (app) => {
    rmSync(savedFile, { force: true });
    await createVault(app);
    await addClient(app, "Henrietta Vasquez-Moore");
    const shared = await signedNote(app, { daysAgo: 14, text: SHARED, status: "shareable" });
    const privateNote = await signedNote(app, { daysAgo: 7, text: PRIVATE });
    await signedNote(app, { daysAgo: 7, kind: "psychotherapy", text: PROTECTED });
    await reopenClient(app);

    await scrollTo(app, "disclosure-panel");
    assert.match(await app.el("ledger-check").getText(), /Ledger intact/);
    await app.shot("disclosure-panel-empty");

    // An authorization without a recipient, a purpose or an end is refused, each problem by its field.
    await app.click("new-authorization");
    await app.waitFor("authorization-dialog");
    await app.click("save-authorization");
    assert.match(await (await app.waitFor("error-recipientName")).getText(), /Name the recipient/);
    assert.match(await app.el("error-purpose").getText(), /purpose/);
    assert.match(await app.el("error-categories").getText(), /at least one kind/);
    assert.match(await app.el("error-expiresOn").getText(), /expiry date or the event/);
    await app.shot("authorization-refused");

    await app.type("field-recipientName", "Dr. Ada Lee");
    await app.type("field-recipientOrganisation", "Riverside Obstetrics");
    await app.type("field-recipientAddress", "12 Mill Street, Columbia, MO 65201");
    await app.type("field-recipientPhone", "573-555-0100 · fax 573-555-0101");
    for (const category of ["progress_notes", "attendance_dates"]) {
      await app.browser.$(`[data-testid="auth-category"][data-category="${category}"]`).click();
    }
    await app.type("field-purpose", "Coordination of her perinatal care");
    await setInput(app, "field-effectiveOn", daysFromToday(-1));
    await setInput(app, "field-expiresOn", daysFromToday(365));
    await app.shot("authorization-dialog");
    await app.click("save-authorization");
    const row = await app.waitFor("authorization");
    assert.equal(await row.getAttribute("data-state"), "unsigned");
    assert.match(await row.getText(), /Dr\. Ada Lee, Riverside Obstetrics[\s\S]*Progress notes/);

    // Printed to sign, then signed.
    const before = (await app.viewerEntries()).length;
    await app.click("print-authorization");
    // Her practice profile is still empty: the form names who discloses, so it asks first.
    await app.waitFor("profile-needs-dialog");
    await fillProfileNeeds(app);
    await app.shot("authorization-print-asks-for-the-profile");
    await app.click("profile-needs-print");
    await nextPdf(app, before, "authorization");
    await app.click("sign-authorization");
    await app.waitFor("authorization-sign-dialog");
    await app.shot("authorization-sign-dialog");
    await app.click("auth-sign-save");
    await app.browser.waitUntil(async () => (await app.el("authorization").getAttribute("data-state")) === "active", {
      timeout: QUICK,
      timeoutMsg: "the signed authorization did not become active",
    });
    await app.shot("authorization-active");

    // The release: she sees what may go and what stays, and why; nothing is ticked for her.
    await app.click("new-release");
    await app.waitFor("release-preview");
    assert.equal(await app.el("release-print").isEnabled(), false, "nothing goes until she ticks it");
    const items = await app.browser.$$('[data-testid="release-item"]');
    const going = [];
    const staying = [];
    for (const item of items) {
      const text = await item.getProperty("textContent");
      ((await item.getAttribute("data-may-go")) === "true" ? going : staying).push(text.trim().replace(/\s+/g, " "));
    }
    assert.equal(going.filter((t) => t.startsWith("Progress note")).length, 1, `only the shareable note goes: ${going}`);
    assert.equal(going.filter((t) => t.startsWith("Attended session")).length, 3, `and the three attended sessions: ${going}`);
    assert.ok(staying.some((t) => /Private: released only under a legal basis/.test(t)), `the private note stays, with why: ${staying}`);
    assert.ok(![...going, ...staying].some((t) => /Psychotherapy note/.test(t)), "a psychotherapy note is not even listed");
    await tickEverything(app);
    await app.browser.execute(() => document.querySelector('[data-testid="release-dialog"] details')?.setAttribute("open", ""));
    await app.shot("release-dialog");

    const beforeRelease = (await app.viewerEntries()).length;
    await app.click("release-print");
    const packet = await nextPdf(app, beforeRelease, "release packet");
    assert.match(path.basename(packet), /^release-C0001-\d{4}-\d{2}-\d{2}\.pdf$/, "the file name carries the code, not her name");
    const text = pdfText(packet);
    assert.ok(text.includes(SHARED), "the packet holds the shareable note");
    assert.ok(!text.includes(PRIVATE), "the packet must never hold the private note");
    assert.ok(!text.includes(PROTECTED), "the packet must never hold the psychotherapy note");
    assert.match(text, /Dr\. Ada Lee/);
    assert.match(text, /Do not disclose it further/, "the redisclosure notice closes the packet");
    assert.match(await (await app.waitFor("disclosure-notice")).getText(), /ledger entry 1/);

    // The ledger and the note show the disclosure.
    const entry = await app.waitFor("ledger-entry");
    assert.match(await entry.getText(), /Dr\. Ada Lee, Riverside Obstetrics/);
    assert.match(await entry.getText(), /Exempt/, "a release she authorized is exempt from the accounting");
    assert.match(await marksOf(app, shared), /Disclosed to Dr\. Ada Lee, Riverside Obstetrics · .* · Client's authorization/);
    assert.equal(await marksOf(app, privateNote), "", "the private note was not disclosed");
    assert.match(await noteDisclosures(app, shared), /Dr\. Ada Lee/);

    // "Save as" warns first that the copy will not be encrypted, then writes where she chose.
    await app.click("new-release");
    await app.waitFor("release-preview");
    await tickEverything(app);
    await app.click("release-save");
    assert.match(await (await app.waitFor("release-save-warning")).getText(), /not encrypted/);
    await app.shot("release-save-as-warning");
    await app.click("release-save-confirm");
    await app.browser.waitUntil(async () => existsSync(savedFile), { timeout: SLOW, timeoutMsg: "the packet was not saved" });
    assert.ok(pdfText(savedFile).includes(SHARED));
    assert.match(await (await app.waitFor("disclosure-notice")).getText(), /not encrypted/);

    // A mandated report made by phone, recorded afterwards: the form reminds her what it needs.
    await app.click("record-disclosure");
    await app.waitFor("record-dialog");
    assert.match(await app.el("mandated-reminder").getText(), /cannot be anonymous/);
    await app.type("field-recipientName", HOTLINE);
    await app.type("field-recipientAddress", "1-800-392-3738");
    await app.type("field-description", "Reported the bruising she described on her toddler's arm.");
    await app.type("field-reference", REFERENCE);
    await app.type("field-purpose", "RSMo 210.115");
    await app.browser.$(`[data-testid="record-note"][data-note-id="${privateNote}"]`).click();
    await app.click("informed-told");
    await app.shot("record-disclosure-dialog");
    await app.click("record-save");
    await app.browser.waitUntil(async () => (await app.browser.$$('[data-testid="ledger-entry"]')).length === 3, {
      timeout: QUICK,
      timeoutMsg: "the report did not reach the ledger",
    });
    const report = (await app.browser.$$('[data-testid="ledger-entry"]'))[2];
    assert.match(await report.getText(), /Accountable/);
    assert.match(await report.getText(), new RegExp(`${HOTLINE}[\\s\\S]*Mandated report of child abuse or neglect[\\s\\S]*ref\\. ${REFERENCE}`));
    assert.match(await marksOf(app, privateNote), new RegExp(`Disclosed to ${HOTLINE} · .* · Mandated report of child abuse or neglect`));
    assert.match(await noteDisclosures(app, privateNote), new RegExp(HOTLINE));

    // She asks for an accounting: it is due in 60 days, free, and lists the report but not what she authorized.
    await app.click("accounting-request");
    await app.waitFor("accounting-dialog");
    await app.shot("accounting-dialog");
    await app.click("accounting-save");
    const request = await app.waitFor("accounting-row");
    assert.match(await request.getText(), /Open[\s\S]*Due .* · free: the first in 12 months/);
    await app.click("extend-accounting");
    await app.waitFor("accounting-extend-dialog");
    await app.type("field-reason", "Her records from the hospital liaison are still being gathered.");
    await app.shot("accounting-extend-dialog");
    await app.click("extend-save");
    await app.browser.waitUntil(async () => /extended once/.test(await app.el("accounting-row").getText()), {
      timeout: QUICK,
      timeoutMsg: "the extension did not show",
    });
    assert.equal(await app.el("extend-accounting").isExisting(), false, "only one extension");

    const beforeAccounting = (await app.viewerEntries()).length;
    await app.click("print-accounting");
    const accounting = pdfText(await nextPdf(app, beforeAccounting, "accounting"));
    assert.ok(accounting.includes(HOTLINE) && accounting.includes(REFERENCE), "the accounting lists the report");
    assert.ok(!accounting.includes("Dr. Ada Lee"), "a disclosure she authorized is not in the accounting");
    await app.browser.waitUntil(async () => /Given/.test(await app.el("accounting-row").getText()), { timeout: QUICK });

    // She revokes the authorization: nothing more goes under it.
    await app.click("revoke-authorization");
    await app.waitFor("authorization-end-dialog");
    await app.type("field-how", "Her letter handed in today");
    await app.shot("authorization-revoke-dialog");
    await app.click("end-save");
    await app.browser.waitUntil(async () => (await app.el("authorization").getAttribute("data-state")) === "revoked", {
      timeout: QUICK,
      timeoutMsg: "the authorization did not show as revoked",
    });
    const refused = await app.invokeRaw("release_print", { request: { clientId: 1, authorizationId: 1 } });
    assert.equal(refused.ok, false, "the core refuses a release under a revoked authorization");
    assert.match(refused.error.message, /revoked/);

    assert.match(await app.el("ledger-check").getText(), /Ledger intact/);
    await scrollTo(app, "disclosure-panel");
    await app.shot("disclosure-panel");
    await scrollTo(app, "client-notes");
    await app.shot("timeline-with-disclosures");
  },
);

e2e("an authorization that ends with an event is recorded as ended when the event happens", async (app) => {
  await createVault(app);
  await addClient(app, "Ottilie Brackenridge");
  await app.waitFor("disclosure-panel");
  await app.click("new-authorization");
  await app.waitFor("authorization-dialog");
  await app.type("field-recipientName", "Mid-Missouri Lactation Clinic");
  await app.browser.$('[data-testid="auth-category"][data-category="attendance_dates"]').click();
  await app.type("field-purpose", "At the client's request");
  await app.type("field-expiryEvent", "the end of her postpartum care");
  await app.click("save-authorization");
  await app.waitFor("authorization");
  await app.click("sign-authorization");
  await app.click("auth-sign-save");
  await app.waitFor("expiry-event");
  await app.click("expiry-event");
  await app.waitFor("authorization-end-dialog");
  await app.shot("authorization-expiry-event");
  await app.click("end-save");
  await app.browser.waitUntil(async () => (await app.el("authorization").getAttribute("data-state")) === "expired", {
    timeout: QUICK,
    timeoutMsg: "the authorization did not show as expired",
  });
  assert.match(await app.el("authorization").getText(), /Ended \d{1,2} \w+ \d{4}/);
});

e2e(
  "a subpoena releases nothing: her record goes on hold and the next steps show; a court order releases only what she ticks, psychotherapy notes once confirmed again",
  { timeout: 420_000 },
  async (app) => {
    await createVault(app);
    await addClient(app, "Philippa Carrow-Dunmore");
    await signedNote(app, { daysAgo: 14, text: SHARED, status: "shareable" });
    await signedNote(app, { daysAgo: 7, text: PRIVATE });
    await signedNote(app, { daysAgo: 7, kind: "psychotherapy", text: PROTECTED });
    await reopenClient(app);
    await scrollTo(app, "disclosure-panel");

    // A subpoena chosen as the basis: no preview, nothing to print, only the way to record it.
    await app.click("new-release");
    await app.waitFor("release-dialog");
    await app.el("release-authorization").selectByAttribute("value", "");
    await (await app.waitFor("release-basis")).selectByAttribute("value", "subpoena");
    assert.match(await (await app.waitFor("release-basis-guidance")).getText(), /releases nothing by itself/);
    await app.waitFor("release-subpoena");
    assert.equal(await app.el("release-preview").isExisting(), false, "nothing is offered under a subpoena");
    assert.equal(await app.el("release-print").isEnabled(), false);
    await app.shot("release-subpoena");
    await app.click("release-record-subpoena");

    await app.waitFor("subpoena-dialog");
    await app.type("field-servedBy", "R. Delgado, attorney for the father");
    await app.type("field-court", "Boone County Circuit Court");
    await app.type("field-caseNumber", "26-FC-0412");
    await setInput(app, "field-deadline", daysFromToday(5));
    await app.type("field-asksFor", "All mental health records");
    await app.shot("subpoena-dialog");
    await app.click("subpoena-save");

    const card = await app.waitFor("subpoena", SLOW);
    assert.match(await card.getText(), /Nothing has been released under it/);
    assert.match(await app.el("subpoena-deadline").getText(), /5 days left/);
    assert.match(await app.el("on-hold").getText(), /On legal hold/);
    const steps = await app.browser.$$('[data-testid="subpoena-step"]').map((s) => s.getAttribute("data-step"));
    assert.deepEqual(steps, ["client_told", "authorization_asked", "privilege_asserted", "objected", "response"]);
    assert.equal((await app.browser.$$('[data-testid="ledger-entry"]')).length, 0, "no disclosure in the ledger");

    // She tells the client; the step is ticked off with its day.
    await (await app.browser.$$('[data-testid="subpoena-step-record"]'))[0].click();
    await app.waitFor("subpoena-step-dialog");
    await app.type("field-note", "By phone; she will call her lawyer.");
    await app.click("subpoena-step-save");
    await app.browser.waitUntil(
      async () => (await app.browser.$('[data-testid="subpoena-step"][data-step="client_told"]').getAttribute("data-done")) === "true",
      { timeout: QUICK, timeoutMsg: "the step was not recorded" },
    );
    await scrollTo(app, "legal-panel");
    await app.shot("subpoena-on-hold");

    // Today reminds her of the deadline.
    await app.click("go-home");
    const todo = await app.waitFor("today-subpoenas", SLOW);
    assert.match(await todo.getText(), /Subpoena received .*respond by/);
    await app.shot("today-subpoena");
    await app.click("go-clients");
    await app.waitFor("clients");
    await app.click("client-row");
    await app.waitFor("disclosure-panel", SLOW);
    await scrollTo(app, "disclosure-panel");

    // Then a court order: the psychotherapy note is offered only once she confirms the order names it.
    await app.click("new-release");
    await app.waitFor("release-dialog");
    await app.el("release-authorization").selectByAttribute("value", "");
    await (await app.waitFor("release-basis")).selectByAttribute("value", "court_order");
    await app.type("field-recipientName", "Clerk of the Circuit Court, Boone County");
    await app.type("field-purpose", "The order names her notes of the last two weeks");
    await app.click("release-confirm-basis");
    await app.type("field-reference", "26-FC-0412");
    await app.click("informed-told");
    await app.waitFor("release-confirm-psychotherapy", SLOW);
    const offered = async () => (await app.browser.$$('[data-testid="release-item"][data-may-go="true"]').map((i) => i.getText())).join(" | ");
    assert.ok(!/Psychotherapy note/.test(await offered()), "not offered before the second confirmation");
    await app.click("release-confirm-psychotherapy");
    await app.browser.waitUntil(async () => /Psychotherapy note/.test(await offered()), {
      timeout: QUICK,
      timeoutMsg: "the psychotherapy note was not offered after the confirmation",
    });
    // She ticks the psychotherapy note and the private note only.
    for (const item of await app.browser.$$('[data-testid="release-item"][data-may-go="true"]')) {
      const text = await item.getText();
      if (/Psychotherapy note|Private/.test(text)) await (await item.$('[data-testid="release-pick"]')).click();
    }
    await app.shot("release-court-order");
    const before = (await app.viewerEntries()).length;
    await app.click("release-print");
    const packet = pdfText(await nextPdf(app, before, "court-ordered release"));
    assert.ok(packet.includes(PROTECTED) && packet.includes(PRIVATE), "what she ticked went");
    assert.ok(!packet.includes(SHARED), "what she did not tick stayed");
    assert.match(packet, /limited to what the order expressly names/);
    assert.match(packet, /26-FC-0412/);
    const entry = await app.waitFor("ledger-entry", SLOW);
    assert.match(await entry.getText(), /Accountable[\s\S]*Court or tribunal order[\s\S]*ref\. 26-FC-0412/);
  },
);
