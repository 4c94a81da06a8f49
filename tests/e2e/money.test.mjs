import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  accessibilityProblems,
  createClient,
  createVault,
  e2e,
  invokeOk,
  LICENSE,
  PRACTICE,
  QUICK,
  setInput,
  SLOW,
} from "./lib/app.mjs";

/** A PDF as a person reads it: its text, on one line. */
const pdfText = (file) => execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");

async function noAccessibilityProblems(app, where) {
  const problems = await accessibilityProblems(app);
  assert.deepEqual(problems, [], `axe-core on ${where}`);
}

/** Waits for the viewer to be handed its `count`-th PDF; returns that PDF's path. */
async function nthPrinted(app, count, what) {
  let opened = [];
  await app.browser.waitUntil(async () => (opened = await app.viewerEntries()).length >= count, {
    timeout: SLOW,
    timeoutMsg: `the ${what} was never handed to the PDF viewer`,
  });
  const paper = opened[count - 1];
  assert.equal(paper.magic, "%PDF-");
  assert.doesNotMatch(paper.file, /Okafor/, "named by the client code, never her name");
  return paper.file;
}

function assertSays(text, what, expected) {
  for (const e of expected) assert.ok(text.includes(e), `the ${what} says “${e}”:\n${text}`);
}

/** Types into an input the page binds (one without a test id of its own). */
async function typeInto(app, input, value) {
  await app.browser.execute(
    (node, text) => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(node, text);
      node.dispatchEvent(new Event("input", { bubbles: true }));
    },
    input,
    value,
  );
}

// A fixed clock: Tuesday 1 June 2027, a week after her session.
const NOW = "2027-06-01T09:00";

e2e("she sets her fees, a session is charged, she records a payment, prints a receipt, a superbill and a Good Faith Estimate from Today", { env: { CONFIDANT_TEST_NOW: NOW } }, async (app) => {
  await createVault(app);
  await invokeOk(app, "practice_profile_save", { profile: { ...PRACTICE, licenses: [LICENSE] } });

  // Her fees, in Settings: 45 minutes at $180 and 60 minutes at $230 from the new year; her NPI and tax ID.
  await app.click("open-settings");
  await app.waitFor("fees-settings");
  for (const [service, dollars] of [["psychotherapy_45", "180"], ["psychotherapy_60", "230"]]) {
    const amount = await app.browser.$(`[data-testid="fee-row"][data-service="${service}"] [data-testid="fee-amount"]`);
    await amount.scrollIntoView();
    await typeInto(app, amount, dollars);
  }
  await setInput(app, "fees-from", "2027-01-01");
  await app.click("fees-save");
  await app.browser.waitUntil(async () => /2 fees set from 1 January 2027/.test(await app.el("fees-message").getText()), {
    timeout: QUICK,
    timeoutMsg: "the fee was not saved",
  });
  await setInput(app, "billing-npi", "1234567893");
  await setInput(app, "billing-tax-id", "12-3456789");
  await app.click("billing-ids-save");
  await app.browser.waitUntil(async () => /NPI and tax ID saved/.test(await app.el("fees-message").getText()), { timeout: QUICK });
  await app.el("fees-settings").scrollIntoView();
  await app.shot("money-fees-settings");
  await noAccessibilityProblems(app, "the fees in Settings");

  // A new self-pay client: her diagnosis, a video session held last week, the next one booked.
  const client = await createClient(app, { legalName: "Nadia Okafor", dateOfBirth: "1991-06-14" }, { consented: true });
  await invokeOk(app, "diagnosis_record", {
    diagnosis: { clientId: client.id, code: "F53.0", status: "working", fromOn: "2027-05-18", toOn: null, primary: true },
  });
  const session = (date, attendance) => ({
    clientId: client.id,
    fields: { date, startTime: "10:00", endTime: "10:50", kind: "individual", modality: "video", location: { state: "MO", city: "" }, attendance, check: {} },
  });
  await invokeOk(app, "session_create", session("2027-05-25", "attended"));
  await invokeOk(app, "session_create", session("2027-06-08", "scheduled"));

  // Today says she needs a Good Faith Estimate; her page is one click away.
  await app.click("go-clients");
  await app.click("go-home");
  const reminders = await app.waitFor("today-estimates");
  // Booked today by the fixed clock, 5 business days ahead: due the next business day.
  const needed = await reminders.getText();
  assert.match(needed, /Nadia Okafor.*Good Faith Estimate needed \(self-pay, appointment 8 Jun 2027\), due by 2 Jun 2027/s);
  assert.doesNotMatch(needed, /overdue/);
  await app.shot("money-today-estimate-needed");
  await noAccessibilityProblems(app, "Today with an estimate needed");
  await reminders.$("button").click();

  // Her session is charged at the fee of its day, billed from home by video.
  await app.waitFor("money-panel", SLOW);
  await app.browser.waitUntil(async () => /Owes \$180\.00/.test(await app.el("money-balance").getText()), {
    timeout: QUICK,
    timeoutMsg: "the attended session was not charged",
  });
  assert.match(await app.el("money-entry").getText(), /Therapy session, 45 minutes \(90834\)\s*· POS 10 · 95/);

  // A payment by card.
  await app.click("payment-open");
  await app.waitFor("payment-dialog");
  await setInput(app, "field-cents", "180.00");
  await setInput(app, "field-onDate", "2027-05-25");
  await app.shot("money-payment-dialog");
  await noAccessibilityProblems(app, "the payment dialog");
  await app.click("payment-save");
  await app.browser.waitUntil(async () => /Nothing owed/.test(await app.el("money-balance").getText()), {
    timeout: QUICK,
    timeoutMsg: "the payment did not settle the balance",
  });

  // A receipt for it.
  await app.click("receipt-print");
  const receipt = pdfText(await nthPrinted(app, 1, "receipt"));
  assertSays(receipt, "receipt", ["Receipt no.", "Received from: Nadia Okafor", "$180.00 received on May 25, 2027", "Paid by: Card"]);

  // A superbill of May, for her insurer.
  await app.click("superbill-open");
  await app.waitFor("paper-dialog");
  await setInput(app, "field-from", "2027-05-01");
  await setInput(app, "field-to", "2027-05-31");
  await noAccessibilityProblems(app, "the superbill dialog");
  await app.click("paper-print");
  const superbill = pdfText(await nthPrinted(app, 2, "superbill"));
  assertSays(superbill, "superbill", [
    "Superbill",
    "Dr. Maren Holloway, PhD, LPC",
    "License LPC 2019012345 (MO)",
    "NPI 1234567893",
    "Tax ID 12-3456789",
    "Client: Nadia Okafor",
    "Date of birth: June 14, 1991",
    "A. F53.0",
    "2027-05-25 · POS 10 · CPT 90834 · mod 95 · Dx A · 1 unit · fee $180.00 · paid $180.00",
    "Signature: Dr. Maren Holloway",
  ]);

  // She asks for her estimate: recorded, due within 3 business days of today (Tuesday 1 June).
  await app.click("estimate-requested");
  assert.match(await (await app.waitFor("money-notice")).getText(), /Her request is recorded: the estimate is due by 4 June 2027/);

  // Her Good Faith Estimate for the year ahead.
  await app.click("estimate-open");
  await app.waitFor("estimate-dialog");
  await setInput(app, "field-periodFrom", "2027-06-01");
  // Only the sessions she has a fee for, 40 of 45 minutes to start with; she adds 4 of an hour.
  const offered = () => app.browser.$$('[data-testid="estimate-service"]').map((row) => row.getAttribute("data-service"));
  await app.browser.waitUntil(async () => (await offered()).length === 2, { timeout: QUICK, timeoutMsg: "the services were not offered" });
  assert.deepEqual(await offered(), ["psychotherapy_45", "psychotherapy_60"]);
  assert.equal(await app.el("estimate-total").getText(), "$7,200.00");
  await typeInto(app, await app.browser.$('[data-service="psychotherapy_60"] [data-testid="estimate-count"]'), "4");
  await app.browser.waitUntil(async () => (await app.el("estimate-total").getText()) === "$8,120.00", {
    timeout: QUICK,
    timeoutMsg: "the total was not shown before she issues it",
  });
  assert.equal(await app.browser.$('[data-service="psychotherapy_60"] [data-testid="estimate-line"]').getText(), "$920.00");
  await app.shot("money-estimate-dialog");
  await noAccessibilityProblems(app, "the estimate dialog");
  await app.click("estimate-issue");
  const estimate = pdfText(await nthPrinted(app, 3, "estimate"));
  assertSays(estimate, "estimate", [
    "Good Faith Estimate",
    "Nadia Okafor",
    "40 × $180.00 = $7,200.00",
    "(service code 90837): 4 × $230.00 = $920.00",
    "Total estimated charges: $8,120.00",
    "Diagnosis codes: F53.0",
    "NPI 1234567893",
    "$400 or more above",
    "www.cms.gov/nosurprises",
  ]);
  await app.waitFor("estimate");
  assert.match(await app.el("estimate").getText(), /No\. 1 of 1 June 2027: \$8,120\.00/);
  await app.el("money-panel").scrollIntoView();
  await app.shot("money-panel");
  await noAccessibilityProblems(app, "her page with the money panel");

  // Today no longer asks; the income report counts the payment.
  await app.click("go-home");
  await app.waitFor("home");
  await app.browser.pause(300);
  assert.equal(await app.el("today-estimates").isExisting(), false, "the estimate was issued");
  await app.click("go-income");
  await app.waitFor("income-table");
  const total = () => app.browser.execute(() => document.querySelector('[data-testid="income-total"]')?.textContent ?? "");
  await app.browser.waitUntil(async () => /The year\s*\$180\.00\s*\$0\.00\s*\$180\.00/.test(await total()), {
    timeout: QUICK,
    timeoutMsg: "the year's income does not count the payment",
  });
  await app.shot("money-income");
  await noAccessibilityProblems(app, "the income report");

  // A charge by hand, reversed with her reason: nothing is deleted, the balance follows.
  await app.click("go-clients");
  await app.browser.$('[data-testid="client-row"]').click();
  await app.waitFor("money-panel", SLOW);
  await app.click("charge-open");
  await app.waitFor("charge-dialog");
  await app.browser.$('[data-testid="charge-service"]').selectByAttribute("value", "crisis_60");
  await setInput(app, "field-onDate", "2027-05-31");
  await setInput(app, "field-cents", "250");
  await noAccessibilityProblems(app, "the charge dialog");
  await app.click("charge-save");
  await app.browser.waitUntil(async () => /Owes \$250\.00/.test(await app.el("money-balance").getText()), {
    timeout: QUICK,
    timeoutMsg: "the charge was not recorded",
  });
  const reversible = await app.browser.$$('[data-testid="entry-reverse"]');
  await reversible[reversible.length - 1].click();
  await app.waitFor("correction-dialog");
  await setInput(app, "field-reason", "Entered on the wrong client");
  // The page's date fields default to the machine's day, not the test clock's.
  await setInput(app, "field-onDate", "2027-06-01");
  await noAccessibilityProblems(app, "the reversal dialog");
  await app.click("correction-save");
  await app.browser.waitUntil(async () => /Nothing owed/.test(await app.el("money-balance").getText()), {
    timeout: QUICK,
    timeoutMsg: "the reversal did not undo the charge",
  });
  const kinds = await app.browser.$$('[data-testid="money-entry"]').map((e) => e.getAttribute("data-kind"));
  assert.deepEqual(kinds, ["charge", "payment", "charge", "reversal"], "every entry kept");
});

e2e("her record copy holds her billing records only when ticked, and a release offers them under an authorization that names billing", { env: { CONFIDANT_TEST_NOW: NOW } }, async (app) => {
  await createVault(app);
  await invokeOk(app, "practice_profile_save", { profile: { ...PRACTICE, licenses: [LICENSE] } });
  await invokeOk(app, "fees_set", {
    fees: [{ service: "psychotherapy_45", code: "90834", label: "Therapy session, 45 minutes", cents: 18000, effectiveFrom: "2027-01-01" }],
  });
  const client = await createClient(app, { legalName: "Nadia Okafor", dateOfBirth: "1991-06-14" }, { consented: true });
  await invokeOk(app, "session_create", {
    clientId: client.id,
    fields: { date: "2027-05-25", startTime: "10:00", endTime: "10:50", kind: "individual", modality: "in_person", location: { state: "MO", city: "" }, attendance: "attended", check: {} },
  });
  await app.click("go-clients");
  await app.browser.$('[data-testid="client-row"]').click();
  await app.waitFor("disclosure-panel", SLOW);

  // Her record copy, as she asked for it first: no amount in it.
  const box = await app.waitFor("record-copy-billing");
  await box.scrollIntoView();
  assert.equal(await box.isSelected(), false, "billing is not ticked for her");
  await app.click("print-record-copy");
  const plain = pdfText(await nthPrinted(app, 1, "record copy"));
  assert.ok(!plain.includes("$") && !plain.includes("Billing records"), `no amount unless asked:\n${plain}`);

  // Then with her billing records.
  await box.click();
  await app.shot("money-record-copy-billing");
  await app.click("print-record-copy");
  const withBilling = pdfText(await nthPrinted(app, 2, "record copy with billing"));
  assertSays(withBilling, "record copy with billing", ["Billing records", "Therapy session, 45 minutes (90834); charged $180.00; balance $180.00."]);

  // The authorization dialog lists billing records among the kinds she may agree to share.
  await app.click("new-authorization");
  await app.waitFor("authorization-dialog");
  const billingKind = await app.browser.$('[data-testid="auth-category"][data-category="billing"]');
  assert.ok(await billingKind.isExisting(), "billing records are offered");
  await billingKind.scrollIntoView();
  await app.shot("money-authorization-billing");
  await noAccessibilityProblems(app, "the authorization dialog with billing records");
  await app.browser.keys("Escape");

  // Under an authorization for her insurer that names billing, the release dialog offers her account's entries.
  const authorization = await invokeOk(app, "authorization_create", {
    input: {
      clientId: client.id,
      kind: "release",
      recipientName: "Claims department",
      recipientOrganisation: "Heartland Mutual Health",
      recipientAddress: "",
      recipientPhone: "",
      categories: ["billing"],
      purpose: "Her out-of-network claim",
      effectiveOn: "2027-05-01",
      expiresOn: "2027-12-31",
      expiryEvent: "",
      coversFrom: null,
      coversTo: null,
      conversations: false,
      otherInformation: "",
    },
  });
  await invokeOk(app, "authorization_sign", { id: authorization.id, signedOn: "2027-05-20", signedBy: "client" });
  await app.click("go-home");
  await app.click("go-clients");
  await app.browser.$('[data-testid="client-row"]').click();
  await app.waitFor("disclosure-panel", SLOW);
  await app.el("new-release").scrollIntoView();
  await app.click("new-release");
  await app.waitFor("release-preview", SLOW);
  const group = await app.browser.$('[data-testid="release-group"][data-group="Billing records"]');
  assert.ok(await group.isExisting(), "her billing records may go to the insurer");
  assert.match(await group.getText(), /Therapy session, 45 minutes \(90834\) · .* · \$180\.00/);
  assert.equal(await app.el("release-print").isEnabled(), false, "nothing is ticked for her");
  await app.shot("money-release-billing");
  await noAccessibilityProblems(app, "the release dialog with billing records");
});
