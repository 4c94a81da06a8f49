import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { e2e, addClientInForm, createVault, lockWithButton, setInput, SLOW, QUICK, daysFromToday } from "./lib/app.mjs";

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
  assert.deepEqual(ticked, ["informed_consent", "telehealth_consent", "privacy_notice_acknowledgment"]);
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
