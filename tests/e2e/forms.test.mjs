import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { e2e, accessibilityProblems, addClientInForm, createVault, fillProfileNeeds, lockWithButton, setInput, PRACTICE, SLOW, QUICK, daysFromToday } from "./lib/app.mjs";

const CLIENT = "Philippa Ravenscroft";

// The native save dialog cannot be driven from WebDriver: debug builds save here instead.
const savedDir = path.join(process.env.CONFIDANT_E2E_RUN_DIR, "saved-forms");
const savedFile = path.join(savedDir, "chosen-name.pdf");
mkdirSync(savedDir, { recursive: true });

async function fillProfile(app) {
  await app.click("go-forms");
  await app.waitFor("forms-page");
  await app.waitFor("profile-empty");
  await app.shot("forms-before-profile");
  await app.click("edit-profile");
  await app.waitFor("practice-profile");
  await app.type("field-practiceName", "Willow Creek Perinatal Counseling");
  await app.type("field-therapistName", "Dr. Maren Holloway");
  await app.type("field-credentials", "PhD, LMFT");
  await app.type("license-credential", "LMFT");
  await app.type("license-number", "118204");
  await app.type("license-state", "CA");
  await app.type("field-sessionFee", "$180 for a 50-minute session");
  await app.type("field-cancellationFee", "$90");
  await app.type("field-crisisInstructions", "Call or text 988, or call 911.");
  await app.type("field-phone", "(707) 555-0143");
  await app.type("field-afterHours", "I reply to messages on weekdays, within one business day.");
  await app.type("field-address", "410 Alder Street, Suite 3, Arcata, CA 95521");
  await app.type("field-privilegeStates", "mo");
  await app.type("field-boardName", "California Board of Behavioral Sciences");
  await app.type("field-boardAddress", "1625 North Market Blvd., Suite S-200, Sacramento, CA 95834");
  await app.type("field-boardPhone", "(916) 574-7830");
  await app.type("field-boardWebsite", "www.bbs.ca.gov");
  await app.shot("profile-licensing-board");

  // A mistake first: it is named next to its field and nothing is saved.
  await app.type("field-email", "office@");
  await app.click("profile-save");
  await app.waitFor("profile-error");
  assert.match(await app.el("error-email").getText(), /incomplete/);
  await app.shot("profile-with-a-mistake");

  await app.type("field-email", "office@willowcreek.example");
  await app.click("profile-save");
  await app.waitFor("forms-page");
  assert.match(await app.el("profile-summary").getText(), /Willow Creek Perinatal Counseling · Dr\. Maren Holloway, PhD, LMFT/);
  await app.shot("forms-page");
}

async function addTelehealthClient(app, legalName) {
  await addClientInForm(app, legalName, { dateOfBirth: "1990-06-14", fields: { "field-telehealthLocation.state": "CA" } });
  await app.waitFor("consent-panel");
}

/** A PDF as a person reads it: its text, laid out, on one line. */
const pdfText = (file) => execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");

/** The PDF the app handed to the viewer after `before` others. */
async function nextPdf(app, before, what) {
  let opened = [];
  await app.browser.waitUntil(async () => (opened = await app.viewerEntries()).length > before, {
    timeout: SLOW,
    timeoutMsg: `the ${what} was never handed to the PDF viewer`,
  });
  const { file, magic } = opened[opened.length - 1];
  assert.equal(magic, "%PDF-");
  return file;
}

const consentStates = async (app) => {
  const items = await app.browser.$$('[data-testid="consent-item"]');
  const out = {};
  for (const item of items) out[await item.getAttribute("data-kind")] = await item.getAttribute("data-state");
  return out;
};

e2e("she fills her practice profile, prints a consent packet, records the signature and sees the status", { env: { CONFIDANT_TEST_DIALOG_PATH: savedFile } }, async (app) => {
  await createVault(app);
  await fillProfile(app);
  await addTelehealthClient(app, CLIENT);

  assert.deepEqual(await consentStates(app), {
    informed_consent: "not_signed",
    telehealth_consent: "not_signed",
    privacy_notice_acknowledgment: "not_signed",
  });
  assert.match(await app.el("consent-panel").getText(), /Informed consent for therapy not signed/i);
  await app.shot("client-consent-not-signed");

  // The packet: the consents she still has to sign are ticked for a new telehealth client.
  await app.click("print-forms");
  await app.waitFor("print-dialog");
  const ticked = await app.browser.execute(() =>
    [...document.querySelectorAll('[data-testid="packet-form"]')].filter((b) => b.checked).map((b) => b.dataset.kind),
  );
  assert.deepEqual(ticked, ["informed_consent", "telehealth_consent", "privacy_notice", "privacy_notice_acknowledgment"]);
  await app.shot("print-dialog");
  await app.click("print-packet");
  let opened = [];
  await app.browser.waitUntil(async () => (opened = await app.viewerEntries()).length > 0, {
    timeout: SLOW,
    timeoutMsg: "the packet was never handed to the PDF viewer",
  });
  const file = opened[0].file;
  assert.equal(opened[0].magic, "%PDF-");
  assert.equal(path.dirname(file), await app.spoolDir(), `printed into the spool: ${file}`);
  assert.match(path.basename(file), /^forms-C0001-\d{4}-\d{2}-\d{2}\.pdf$/, "the file name carries the code, not her name");
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(statSync(path.dirname(file)).mode & 0o777, 0o700);
  await app.waitFor("consent-notice");

  // "Save as" first says the copy will not be encrypted, then writes where she chose.
  await app.click("print-forms");
  await app.waitFor("print-dialog");
  await app.click("save-packet");
  assert.match(await (await app.waitFor("save-warning")).getText(), /not encrypted/);
  await app.shot("save-as-warning");
  await app.click("save-packet-confirm");
  await app.browser.waitUntil(async () => existsSync(savedFile), { timeout: SLOW, timeoutMsg: "the packet was not saved" });
  assert.equal(readFileSync(savedFile).subarray(0, 5).toString(), "%PDF-");
  assert.match(await (await app.waitFor("consent-notice")).getText(), /not encrypted/);

  // The signature: tomorrow is refused next to the date; today is recorded.
  await app.click("record-signature");
  await app.waitFor("signature-dialog");
  await setInput(app, "signature-date", daysFromToday(1));
  await app.click("signature-save");
  assert.match(await (await app.waitFor("signature-date-error")).getText(), /future/);
  await app.shot("signature-in-the-future");
  await setInput(app, "signature-date", daysFromToday(0));
  await app.click("signature-save");
  await app.browser.waitUntil(async () => (await consentStates(app)).informed_consent === "signed", {
    timeout: QUICK,
    timeoutMsg: "the informed consent never showed as signed",
  });
  assert.match(await app.el("consent-panel").getText(), /Informed consent for therapy v1 signed \d{1,2} \w{3} \d{4}/i);
  assert.match(await app.el("consent-panel").getText(), /Telehealth consent not signed/i);
  await app.shot("client-consent-signed");

  // Locking empties the print folder.
  await lockWithButton(app);
  await app.browser.waitUntil(async () => !existsSync(file), {
    timeout: QUICK,
    timeoutMsg: "the spooled packet was still there after locking",
  });
});

e2e("a changed form gets a new version and the client who signed the old one is listed for re-consent", async (app) => {
  await createVault(app);
  await addTelehealthClient(app, CLIENT);
  await app.click("record-signature");
  await app.waitFor("signature-dialog");
  await app.click("signature-save");
  await app.browser.waitUntil(async () => (await consentStates(app)).informed_consent === "signed", { timeout: QUICK });

  await app.click("go-forms");
  await app.waitFor("forms-page");
  await app.browser.$('[data-testid="form-row"][data-kind="informed_consent"] [data-testid="edit-form"]').click();
  await app.waitFor("form-editor");
  const original = await app.el("form-body").getValue();
  assert.match(original, /^# /, "the editor shows the form's markup");

  // Broken markup is refused with its line, and nothing is saved.
  await setInput(app, "form-body", `${original}\n## Recording\nNothing is recorded, {{client.nmae}}.\n`);
  await app.click("form-save");
  const problems = await app.waitFor("form-problems");
  assert.match(await problems.getText(), /Line \d+: Unknown placeholder “\{\{client\.nmae\}\}”/);
  await app.shot("form-editor-problem");

  await setInput(app, "form-body", `${original}\n## Recording\nNothing is recorded without your written consent, {{client.preferred_name}}.\n`);
  await app.click("form-save");
  assert.match(await (await app.waitFor("form-notice")).getText(), /Saved as version 2/);
  assert.match(await app.el("form-versions").getText(), /v2[\s\S]*v1/);
  await app.shot("form-editor-saved");

  await app.click("back-to-forms");
  await app.waitFor("forms-page");
  const entry = await app.waitFor("reconsent-entry");
  assert.match(await entry.getText(), new RegExp(`${CLIENT}[\\s\\S]*signed v1[\\s\\S]*now v2`));
  await app.shot("forms-reconsent");
  await entry.$("button").click();
  await app.waitFor("consent-panel");
  assert.equal((await consentStates(app)).informed_consent, "outdated");
  assert.match(await app.el("consent-panel").getText(), /v1 signed .*; v2 needs a new signature/);
});

e2e("the consent warning takes the focus and Esc closes it, at each step", async (app) => {
  await createVault(app);
  await addTelehealthClient(app, CLIENT);
  const focusInWarning = () => app.browser.execute(() => document.activeElement?.closest('[data-testid="consent-warning"]') !== null);

  await app.click("new-contact-note");
  await app.waitFor("consent-warning");
  assert.equal(await focusInWarning(), true, "the warning must take the focus when it opens");
  await app.browser.keys(["Escape"]);
  await app.browser.waitUntil(async () => !(await app.el("consent-warning").isExisting()), {
    timeout: QUICK,
    timeoutMsg: "Esc did not close the consent warning",
  });
  assert.equal(await app.el("note-page").isExisting(), false, "closing the warning writes no note");

  await app.click("new-contact-note");
  await app.waitFor("consent-warning");
  await app.click("consent-continue");
  await app.waitFor("consent-reason");
  await app.browser.waitUntil(focusInWarning, { timeout: QUICK, timeoutMsg: "the reason step lost the focus" });
  assert.equal(await app.browser.execute(() => document.activeElement?.getAttribute("data-testid")), "consent-reason");
  await app.browser.keys(["Escape"]);
  await app.browser.waitUntil(async () => !(await app.el("consent-warning").isExisting()), {
    timeout: QUICK,
    timeoutMsg: "Esc did not close the consent warning at the reason step",
  });
});

e2e("a first note without a signed consent stops her; she goes on only with a reason", async (app) => {
  await createVault(app);
  await addTelehealthClient(app, CLIENT);
  await app.click("new-contact-note");
  const warning = await app.waitFor("consent-warning");
  assert.match(await warning.getText(), /no signed informed consent/i);
  await app.shot("consent-warning");

  await app.click("consent-continue");
  await app.type("consent-reason", "Crisis call before the intake appointment");
  await app.shot("consent-warning-reason");
  await app.click("consent-continue-confirm");
  await app.waitFor("note-page", SLOW);

  // Her second note does not ask again.
  await app.click("back-to-client");
  await app.waitFor("client-notes");
  await app.click("new-contact-note");
  await app.waitFor("note-page", SLOW);
});

e2e("with an empty profile the print dialog asks for what the forms print; the papers then name her, and an authorization prints ticked", async (app) => {
  await createVault(app);
  await addTelehealthClient(app, CLIENT);

  // The consents and the notice print her practice's details: the dialog asks for the missing ones.
  await app.click("print-forms");
  await app.waitFor("print-dialog");
  const needs = await app.waitFor("profile-needs");
  assert.match(await needs.getText(), /Your name[\s\S]*Licenses[\s\S]*Licensing board/);
  const asked = await fillProfileNeeds(app, { ...PRACTICE, email: "office@" });
  for (const field of ["practiceName", "therapistName", "credentials", "licenses", "address", "sessionFee", "boardName", "boardWebsite"]) {
    assert.ok(asked.includes(field), `the dialog asks for ${field}: ${asked}`);
  }
  await app.shot("print-dialog-asks-for-the-profile");
  assert.deepEqual(await accessibilityProblems(app), [], "the print dialog asking for the profile");

  // A mistake is named beside its field, and nothing prints.
  await app.click("print-packet");
  assert.match(await (await app.waitFor("error-email")).getText(), /incomplete/);
  assert.equal((await app.viewerEntries()).length, 0, "nothing printed");
  await app.shot("print-dialog-profile-mistake");
  await setInput(app, "field-email", PRACTICE.email);
  await app.click("print-packet");
  const packet = pdfText(await nextPdf(app, 0, "packet"));
  assert.match(packet, /I am Dr\. Maren Holloway, PhD, LPC\. License details: LPC 2019012345 \(Missouri\)/);
  assert.match(packet, /licensed by the Missouri Committee for Professional Counselors/);
  assert.match(packet, /allowed to practice: Missouri\./, "the telehealth consent names where she may see clients");
  assert.match(packet, /THIS NOTICE DESCRIBES HOW MEDICAL INFORMATION ABOUT YOU MAY BE USED/, "the notice comes with its acknowledgment");
  assert.match(packet, new RegExp(`${CLIENT} · C0001`), "every page names whom it is for");
  await app.waitFor("consent-notice");

  // Saved to her profile (the backend refuses to print otherwise): the next print just prints.
  await app.click("print-forms");
  await app.waitFor("print-dialog");
  await app.click("print-packet");
  await nextPdf(app, 1, "second packet");
  await app.waitFor("consent-notice");

  // An authorization keeps what the paper says, and prints it ticked.
  await app.browser.execute(() => document.querySelector('[data-testid="disclosure-panel"]')?.scrollIntoView({ block: "start" }));
  await app.click("new-authorization");
  await app.waitFor("authorization-dialog");
  for (const clinical of ["diagnosis", "treatment_plan"]) {
    assert.ok(await app.browser.$(`[data-testid="auth-category"][data-category="${clinical}"]`).isExisting(), `${clinical} is offered`);
  }
  await app.type("field-recipientName", "Dr. Ada Lee");
  await app.type("field-recipientOrganisation", "Riverside Obstetrics");
  await app.browser.$('[data-testid="auth-category"][data-category="progress_notes"]').click();
  await app.click("auth-conversations");
  await setInput(app, "field-otherInformation", "Her discharge letter only");
  await setInput(app, "field-coversFrom", "2026-06-30");
  await setInput(app, "field-coversTo", "2026-01-05");
  await app.type("field-purpose", "Coordination of her perinatal care");
  await setInput(app, "field-expiresOn", daysFromToday(365));
  await app.click("save-authorization");
  assert.match(await (await app.waitFor("error-coversTo")).getText(), /cannot be before the first/);
  await setInput(app, "field-coversFrom", "2026-01-05");
  await setInput(app, "field-coversTo", "2026-06-30");
  await app.shot("authorization-dialog-with-what-the-paper-says");
  assert.deepEqual(await accessibilityProblems(app), [], "the authorization dialog");
  await app.click("save-authorization");
  assert.match(await (await app.waitFor("authorization")).getText(), /Progress notes, Conversations, Other/);

  const before = (await app.viewerEntries()).length;
  await app.click("print-authorization");
  const form = pdfText(await nextPdf(app, before, "authorization"));
  assert.match(form, /you authorize me, Dr\. Maren Holloway, PhD, LPC, of Willow Creek Perinatal Counseling/);
  assert.match(form, /X Progress notes/);
  assert.match(form, /X Conversations: I may talk with the recipient/);
  assert.match(form, /X Other, as written here: Her discharge letter only/);
  assert.match(form, /Dates of service covered: from January 5, 2026 to June 30, 2026/);
  assert.doesNotMatch(form, /X (Attendance|Diagnosis|Treatment plan|Treatment summary|Measures)/, "only what she chose is ticked");
  assert.match(form, new RegExp(`${CLIENT} · C0001`));
});
