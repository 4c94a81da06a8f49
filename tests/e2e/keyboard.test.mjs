import assert from "node:assert/strict";
import { e2e, createClient, createVault, SLOW, QUICK } from "./lib/app.mjs";

e2e("from the keyboard: Ctrl+N records a session and starts its note, Ctrl+S asks to sign, Esc closes, focus is visible", async (app) => {
  await createVault(app);
  await createClient(app, { legalName: "Ottilie Brandvold", dateOfBirth: "1989-03-09" }, { consented: true });
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

e2e("Ctrl+K goes somewhere by name: Enter takes the first command, Down moves to the results", async (app) => {
  await createVault(app);
  await createClient(app, { legalName: "Rosalind Achterberg", dateOfBirth: "1991-08-14" });
  const focusedTestid = () => app.browser.execute(() => document.activeElement?.getAttribute("data-testid") ?? "");

  // "back up" and Enter: the backups part of Settings, ready for the backup passphrase.
  await app.browser.keys(["Control", "k"]);
  await app.browser.keys([..."back up"]);
  await app.waitFor("command-results");
  assert.equal(await app.el("command-hit").getAttribute("data-command"), "backup", "Back up now is offered first");
  await app.shot("command-offered");
  await app.browser.keys(["Enter"]);
  await app.waitFor("backup-settings");
  await app.browser.waitUntil(async () => (await app.browser.execute(() => document.activeElement?.id)) === "backup-passphrase", {
    timeout: QUICK,
    timeoutMsg: "the backup passphrase field did not get the focus",
  });
  assert.equal(await app.el("search-box").getValue(), "", "the box is emptied once the command ran");

  // A client's name offers no command; Down moves from the box to her, Enter opens her page.
  await app.browser.keys(["Control", "k"]);
  await app.browser.keys([..."achter"]);
  await app.waitFor("client-hit");
  assert.equal(await app.el("command-results").isExisting(), false, "a name is not a command");
  await app.browser.keys(["ArrowDown"]);
  assert.equal(await focusedTestid(), "client-hit");
  await app.browser.keys(["Enter"]);
  await app.waitFor("client-page", SLOW);

  // "lock" and Enter locks.
  await app.browser.keys(["Control", "k"]);
  await app.browser.keys([..."lock"]);
  await app.waitFor("command-results");
  await app.browser.keys(["Enter"]);
  await app.waitFor("unlock-screen");
});
