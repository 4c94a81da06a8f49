import assert from "node:assert/strict";
import { e2e, createVault, SLOW, QUICK, daysFromToday, invokeOk } from "./lib/app.mjs";

e2e("from the keyboard: Ctrl+N records a session and starts its note, Ctrl+S asks to sign, Esc closes, focus is visible", async (app) => {
  await createVault(app);
  const draft = { legalName: "Ottilie Brandvold", dateOfBirth: "1989-03-09" };
  const client = await invokeOk(app, "client_create", { draft, status: "active", confirmDuplicate: false });
  await invokeOk(app, "consent_record", {
    signature: { clientId: client.id, kind: "informed_consent", version: 1, signedOn: daysFromToday(0), signedBy: "client" },
  });
  await app.click("go-clients");
  await app.click("client-row");
  await app.waitFor("client-page", SLOW);

  // Tab moves through the controls with a visible focus ring.
  await app.browser.keys(["Tab"]);
  const ring = await app.browser.execute(() => {
    const style = getComputedStyle(document.activeElement);
    return `${style.outlineStyle} ${style.outlineWidth}`;
  });
  assert.match(ring, /^solid [1-9]/, `the focused control shows a ring (${ring})`);

  await app.browser.keys(["Control", "n"]);
  await app.waitFor("session-form");
  await app.click("save-session");
  await app.waitFor("session-page", SLOW);
  await app.click("template-free_text");
  await app.browser.keys(["Control", "n"]);
  await app.waitFor("note-page", SLOW);
  await app.type("note-section-text", "She felt steadier this week.");

  await app.browser.keys(["Control", "s"]);
  await app.waitFor("sign-dialog");
  await app.shot("sign-from-keyboard");
  await app.browser.keys(["Escape"]);
  await app.browser.waitUntil(async () => !(await app.el("sign-dialog").isExisting()), {
    timeout: QUICK,
    timeoutMsg: "Esc did not close the dialog",
  });
  assert.equal(await app.el("signed-line").isExisting(), false, "closing the question signs nothing");

  await app.browser.keys(["Control", "s"]);
  await app.click("confirm-sign");
  await app.waitFor("signed-line");
});
