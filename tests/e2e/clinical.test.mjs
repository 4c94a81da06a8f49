import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  accessibilityProblems,
  addClientInForm,
  createClient,
  createVault,
  e2e,
  fillProfileNeeds,
  invokeOk,
  setInput,
  SLOW,
  QUICK,
} from "./lib/app.mjs";

/** A PDF as a person reads it: its text, on one line. */
const pdfText = (file) => execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");

async function noAccessibilityProblems(app, where) {
  const problems = await accessibilityProblems(app);
  assert.deepEqual(problems, [], `axe-core on ${where}`);
}

e2e("she adds a diagnosis by typing “postpartum”, writes a plan with two goals, prints it and records the signature", async (app) => {
  await createVault(app);
  await addClientInForm(app, "Nadia Okafor", { dateOfBirth: "1991-06-14" });
  await app.waitFor("clinical-panel");
  await app.waitFor("diagnoses-empty");

  // The code, found as she types words.
  await app.click("diagnosis-add");
  await app.waitFor("diagnosis-dialog");
  await app.type("icd-search", "postpartum");
  const match = await app.browser.$('[data-testid="icd-match"][data-code="F53.0"]');
  await match.waitForExist({ timeout: QUICK, timeoutMsg: "F53.0 was not offered for “postpartum”" });
  assert.match(await match.getText(), /F53\.0\s+Postpartum depression/);
  await match.click();
  assert.match(await app.el("diagnosis-chosen").getText(), /F53\.0 Postpartum depression/);
  assert.equal(await app.el("diagnosis-primary").isSelected(), true, "her first diagnosis is offered as primary");
  await app.shot("diagnosis-dialog-postpartum");
  await noAccessibilityProblems(app, "the diagnosis dialog");
  await app.click("diagnosis-save");
  const recorded = await app.browser.$('[data-testid="diagnosis"][data-code="F53.0"]');
  await recorded.waitForExist({ timeout: QUICK });
  assert.equal(await recorded.getAttribute("data-primary"), "true");
  assert.match(await recorded.getText(), /Working · primary · since/);

  // The plan, with two goals.
  await app.click("plan-write");
  await app.waitFor("plan-dialog");
  await setInput(app, "field-presentingProblems", "Low mood and worry since the birth of her daughter; broken sleep.");
  await setInput(app, "field-goals.0.goal", "Sleep when the baby sleeps");
  await setInput(app, "field-goals.0.objectives", "A five-hour stretch of sleep four nights a week");
  await app.click("plan-goal-add");
  await setInput(app, "field-goals.1.goal", "Feel like herself again");
  await setInput(app, "field-goals.1.objectives", "EPDS under 10 on two screens in a row");
  await setInput(app, "field-interventions", "CBT for postpartum depression; behavioural activation.");
  await setInput(app, "field-frequency", "Weekly for 12 weeks");
  await app.browser.$('[data-testid="plan-measure"][value="epds"]').click();
  await app.shot("plan-editor");
  await noAccessibilityProblems(app, "the plan editor");
  await app.click("plan-save");
  await app.waitFor("plan-line");
  assert.match(await app.el("plan-line").getText(), /Version 1 of .* not signed yet/);
  const goals = await app.browser.$$('[data-testid="goal"]').map((g) => g.getText());
  assert.equal(goals.length, 2);
  assert.match(goals[0], /Sleep when the baby sleeps/);
  assert.match(await app.el("review-due").getText(), /Next review by/);

  // Printed to sign: the profile is asked for first, then the PDF reads back.
  await app.click("plan-print-open");
  await app.waitFor("plan-print-dialog");
  await fillProfileNeeds(app);
  await app.shot("plan-print-dialog");
  await noAccessibilityProblems(app, "the plan's print dialog");
  await app.click("plan-print");
  let opened = [];
  await app.browser.waitUntil(async () => (opened = await app.viewerEntries()).length > 0, {
    timeout: SLOW,
    timeoutMsg: "the plan was never handed to the PDF viewer",
  });
  assert.equal(opened[0].magic, "%PDF-");
  assert.match(opened[0].file, /treatment|forms-C0001/, "named by the client code, never her name");
  assert.doesNotMatch(opened[0].file, /Okafor/);
  const text = pdfText(opened[0].file);
  for (const expected of [
    "Treatment plan",
    "Nadia Okafor",
    "F53.0 Postpartum depression (working, primary)",
    "Goal 1. Sleep when the baby sleeps",
    "Objectives: A five-hour stretch of sleep four nights a week",
    "Goal 2. Feel like herself again",
    "CBT for postpartum depression",
    "Questionnaires to follow how you are doing: EPDS",
  ]) {
    assert.ok(text.includes(expected), `the printed plan says “${expected}”:\n${text}`);
  }

  // Her signature, recorded like a consent's: the version is then fixed.
  await app.click("plan-sign-open");
  await app.waitFor("plan-sign-dialog");
  await noAccessibilityProblems(app, "the plan's signature dialog");
  await app.click("plan-sign-save");
  await app.browser.waitUntil(async () => /signed/.test(await app.el("plan-line").getText()) && !/not signed/.test(await app.el("plan-line").getText()), {
    timeout: QUICK,
    timeoutMsg: "the plan was not recorded as signed",
  });
  assert.match(await app.el("plan-write").getText(), /Revise the plan/);
  assert.equal(await app.el("plan-sign-open").isExisting(), false);
  await app.el("clinical-panel").scrollIntoView();
  await app.shot("clinical-panel-signed-plan");
  await noAccessibilityProblems(app, "the client page with her clinical record");
});

// A fixed clock: the plan was written 90 days before this morning, so its review falls due today.
const NOW = "2027-06-01T09:00";

e2e("a progress note points at a goal of her plan, and the review due shows on Today", { env: { CONFIDANT_TEST_NOW: NOW } }, async (app) => {
  await createVault(app);
  const client = await createClient(app, { legalName: "Ines Duarte", dateOfBirth: "1988-11-02" }, { consented: true });
  const plan = await invokeOk(app, "plan_save", {
    plan: {
      clientId: client.id,
      writtenOn: "2027-03-03",
      presentingProblems: "Panic attacks on the highway since the birth.",
      goals: [
        { goalId: null, goal: "Drive on her own again", objectives: "Drives to the store alone twice a week", targetOn: null },
        { goalId: null, goal: "Worry less, and less often", objectives: "GAD-7 under 10", targetOn: null },
      ],
      interventions: "CBT for panic; graded exposure.",
      modality: "Individual, in person",
      frequency: "Weekly",
      measures: ["gad7"],
      reviewEveryDays: 90,
    },
  });
  const session = await invokeOk(app, "session_create", {
    clientId: client.id,
    fields: { date: "2027-05-25", startTime: "10:00", endTime: "10:50", kind: "individual", modality: "in_person", attendance: "attended", location: { state: "", city: "" }, check: {} },
  });
  await invokeOk(app, "note_create", { note: { clientId: client.id, sessionId: session.id, kind: "progress", template: "free_text", date: "" } });

  // Today, on the fixed day: the review is due.
  await app.click("go-clients");
  await app.click("go-home");
  const plans = await app.waitFor("today-plans");
  assert.match(await plans.getText(), /Ines Duarte.*Treatment plan review due 1 Jun 2027/s);
  await app.shot("today-plan-review-due");
  await noAccessibilityProblems(app, "Today with a plan review due");

  // Her page says so too; the note's editor lists the plan's goals to tick.
  await plans.$("button").click();
  await app.waitFor("clinical-panel", SLOW);
  assert.match(await app.el("review-due").getText(), /Review due: 1 June 2027 \(now\)/);
  await app.click("open-note");
  await app.waitFor("note-goals");
  const drive = await app.browser.$(`[data-testid="note-goal"][data-goal="${plan.goals[0].goalId}"]`);
  await drive.waitForExist({ timeout: QUICK });
  await drive.click();
  await app.browser.waitUntil(async () => (await invokeOk(app, "note_goals", { noteId: 1 })).linked.length === 1, {
    timeout: QUICK,
    timeoutMsg: "the goal was not linked",
  });
  await setInput(app, "note-section-text", "Drove to the store with her sister in the car; used the breathing plan.");
  await app.shot("note-goals-checklist");
  await noAccessibilityProblems(app, "the note editor with the goals checklist");
  await app.click("sign-note");
  await app.waitFor("sign-dialog");
  await app.click("confirm-sign");
  await app.waitFor("signed-line");
  const linked = await app.waitFor("note-goals-linked");
  assert.match(await linked.getText(), /Drive on her own again/);
  assert.equal(await app.el("note-goal").isExisting(), false, "a signed note's goals are part of it");

  // The review: each goal's progress; the next one in 90 days, and Today is clear of it.
  await app.click("back-to-client");
  await app.waitFor("clinical-panel", SLOW);
  const counted = await app.browser.$(`[data-testid="goal"]`);
  assert.match(await counted.getText(), /1 note/);
  await app.click("plan-review-open");
  await app.waitFor("review-dialog");
  // The page's own clock is the machine's: the review is dated on the fixed day.
  await setInput(app, "field-reviewedOn", NOW.slice(0, 10));
  await setInput(app, "field-goals.0.progress", "Drove alone twice last week.");
  await setInput(app, "field-goals.1.progress", "Worry easier to set aside.");
  await app.browser.$$('[data-testid="review-goal-status"]')[0].selectByAttribute("value", "met");
  await noAccessibilityProblems(app, "the review dialog");
  await app.click("review-save");
  await app.browser.waitUntil(async () => /Next review by 30 August 2027/.test(await app.el("review-due").getText()), {
    timeout: QUICK,
    timeoutMsg: "the review did not set the next review date",
  });
  assert.equal(await app.browser.$('[data-testid="goal"][data-status="met"]').isExisting(), true);
  await app.shot("clinical-panel-after-review");
  await app.click("go-home");
  await app.waitFor("home");
  await app.browser.pause(300);
  assert.equal(await app.el("today-plans").isExisting(), false, "reviewed: nothing due today");
});
