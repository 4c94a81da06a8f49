import assert from "node:assert/strict";
import path from "node:path";
import {
  e2e,
  createVault,
  finishRecoveryStep,
  readRecoveryKey,
  lockWithButton,
  unlockWith,
  PASSPHRASE,
  OTHER_PASSPHRASE,
  SLOW,
  QUICK,
} from "./lib/app.mjs";

const WRONG = "That passphrase did not open this vault";

/** Text that only appears once the vault is open; none of it may be on a locked screen. */
const INSIDE_ONLY = ["Keeping it closed", "What comes next", "Discreet mode", "Change passphrase"];

async function assertShowsNothingFromInside(app) {
  const text = await app.bodyText();
  for (const phrase of INSIDE_ONLY) {
    assert.ok(!text.includes(phrase), `the locked screen must not show "${phrase}", but it reads:\n${text}`);
  }
  assert.equal(await app.el("lock").isExisting(), false, "the header of the open vault is still on screen");
  assert.equal(await app.browser.getTitle(), "Confidant");
}

e2e("creating a vault shows the recovery key once, prints the sheet and opens home", async (app) => {
  await app.waitFor("welcome", SLOW);
  await app.shot("welcome");

  // A weak passphrase is refused, with the reason shown.
  await app.type("new-passphrase", "password");
  await app.type("confirm-passphrase", "password");
  await app.el("strength-problems").waitForDisplayed({ timeout: QUICK });
  assert.equal(await app.el("create-vault").isEnabled(), false, "Create must stay disabled for a weak passphrase");
  await app.shot("weak-passphrase");

  // Different entries keep it disabled too.
  await app.type("new-passphrase", PASSPHRASE);
  await app.type("confirm-passphrase", PASSPHRASE + " x");
  await app.browser.pause(600);
  assert.equal(await app.el("create-vault").isEnabled(), false, "Create must stay disabled while the entries differ");

  await app.type("confirm-passphrase", PASSPHRASE);
  await app.click("create-vault");
  await app.waitFor("recovery-key-screen", SLOW);
  const key = await readRecoveryKey(app);
  assert.match(key, /^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4})+$/, `the recovery key should be dash-separated groups: ${key}`);
  assert.equal(await app.el("continue").isEnabled(), false, "Continue needs the box ticked first");
  await app.shot("recovery-key");

  await app.click("print-sheet");
  const status = await app.waitFor("sheet-status", SLOW);
  assert.notEqual(await status.getAttribute("data-kind"), "error", `printing failed: ${await status.getText()}`);
  let opened = [];
  await app.browser.waitUntil(async () => (opened = await app.viewerEntries()).length > 0, {
    timeout: SLOW,
    timeoutMsg: "the recovery sheet was never handed to the PDF viewer",
  });
  const { file, magic } = opened[0];
  assert.ok(file.endsWith(".pdf"), `the viewer was asked to open ${file}, not a PDF`);
  assert.equal(path.dirname(file), await app.spoolDir(), `${file} is not in the print spool`);
  assert.equal(magic, "%PDF-", "the file handed to the viewer is not a PDF");
  await app.shot("sheet-printed");

  await finishRecoveryStep(app);
  await app.shot("home");
  assert.ok((await app.bodyText()).includes("Keeping it closed"));
  const shown = (await app.bodyText()).replace(/[\s-]+/g, "");
  assert.ok(!shown.includes(key.replaceAll("-", "")), "the recovery key must not be shown again");
});

e2e("the lock button locks, the unlock screen shows nothing from inside, and the passphrase opens it again", async (app) => {
  await createVault(app);
  await lockWithButton(app);
  await assertShowsNothingFromInside(app);
  await app.shot("locked");
  await unlockWith(app, PASSPHRASE);
  await app.waitFor("home", SLOW);
});

e2e("a wrong passphrase is refused with a clear message", async (app) => {
  await createVault(app);
  await lockWithButton(app);
  await unlockWith(app, "not my passphrase at all, sorry");
  const error = await app.waitFor("unlock-error", SLOW);
  assert.ok((await error.getText()).includes(WRONG), `expected "${WRONG}", got "${await error.getText()}"`);
  assert.equal(await app.el("home").isExisting(), false);
  await assertShowsNothingFromInside(app);
  await app.shot("wrong-passphrase");
});

e2e("Ctrl+L locks the vault from anywhere", async (app) => {
  await createVault(app);
  await app.click("open-settings");
  await app.waitFor("settings");
  await app.browser.keys(["Control", "l"]);
  await app.waitFor("unlock-screen");
  await assertShowsNothingFromInside(app);
  // The backend is locked too, not just the page.
  const result = await app.invokeRaw("settings_get");
  assert.equal(result.ok, false, "settings_get answered while locked");
  assert.equal(result.error?.code, "locked");
});

e2e("the recovery key opens the vault and replaces the forgotten passphrase", async (app) => {
  const key = await createVault(app);
  await lockWithButton(app);

  await app.click("forgot-passphrase");
  await app.waitFor("recover-screen");
  await app.type("recovery-key-input", key);
  await app.type("new-passphrase", OTHER_PASSPHRASE);
  await app.type("confirm-passphrase", OTHER_PASSPHRASE);
  await app.shot("recover-form");
  await app.click("recover");
  await app.waitFor("home", SLOW);

  await lockWithButton(app);
  await unlockWith(app, PASSPHRASE);
  const error = await app.waitFor("unlock-error", SLOW);
  assert.ok((await error.getText()).includes(WRONG), "the old passphrase must no longer open the vault");

  await unlockWith(app, OTHER_PASSPHRASE);
  await app.waitFor("home", SLOW);
});

e2e("changing the passphrase in Settings: the new one opens the vault, the old one does not", async (app) => {
  await createVault(app);
  await app.click("open-settings");
  await app.waitFor("settings");
  await app.type("current-passphrase", PASSPHRASE);
  await app.type("new-passphrase", OTHER_PASSPHRASE);
  await app.type("confirm-passphrase", OTHER_PASSPHRASE);
  await app.click("change-passphrase");
  await app.waitFor("change-passphrase-success", SLOW);
  assert.equal(await app.el("current-passphrase").getValue(), "", "used passphrases must be cleared from the form");
  await app.shot("settings-changed");

  await lockWithButton(app);
  await unlockWith(app, PASSPHRASE);
  await app.waitFor("unlock-error", SLOW);
  await unlockWith(app, OTHER_PASSPHRASE);
  await app.waitFor("home", SLOW);
});

e2e("a new recovery sheet from Settings retires the old recovery key", async (app) => {
  const oldKey = await createVault(app);
  await app.click("open-settings");
  await app.waitFor("settings");
  await app.type("sheet-passphrase", PASSPHRASE);
  await app.click("new-sheet");
  await app.waitFor("recovery-key-screen", SLOW);
  const newKey = await readRecoveryKey(app);
  assert.notEqual(newKey, oldKey, "a new key is shown");
  await app.shot("new-recovery-key");
  await app.click("print-sheet");
  await app.browser.waitUntil(async () => (await app.viewerEntries()).length > 0, {
    timeout: SLOW,
    timeoutMsg: "the new recovery sheet was never handed to the PDF viewer",
  });
  await app.click("kept-sheet");
  await app.click("continue");
  await app.waitFor("new-sheet-done", SLOW);

  await lockWithButton(app);
  await app.click("forgot-passphrase");
  await app.waitFor("recover-screen");
  await app.type("recovery-key-input", oldKey);
  await app.type("new-passphrase", OTHER_PASSPHRASE);
  await app.type("confirm-passphrase", OTHER_PASSPHRASE);
  await app.click("recover");
  const refused = await app.waitFor("recover-error", SLOW);
  assert.ok((await refused.getText()).includes("did not open"), "the old sheet must no longer work");

  // The form is cleared after every attempt: nothing typed lingers in the page.
  await app.type("recovery-key-input", newKey);
  await app.type("new-passphrase", OTHER_PASSPHRASE);
  await app.type("confirm-passphrase", OTHER_PASSPHRASE);
  await app.click("recover");
  await app.waitFor("home", SLOW);
});

e2e("a printed recovery sheet waits in the private spool and is wiped when the vault locks", async (app) => {
  const { existsSync, statSync } = await import("node:fs");
  await createVault(app, PASSPHRASE, { keepGoing: false });
  await app.click("print-sheet");
  let opened = [];
  await app.browser.waitUntil(async () => (opened = await app.viewerEntries()).length > 0, {
    timeout: SLOW,
    timeoutMsg: "the recovery sheet was never handed to the PDF viewer",
  });
  const file = opened[0].file;
  assert.equal(path.dirname(file), await app.spoolDir(), `printed into the spool: ${file}`);
  assert.ok(file.startsWith(app.runtimeDir), `the spool is in memory, not on disk: ${file}`);
  assert.ok(!/[A-Z0-9]{4}-[A-Z0-9]{4}/.test(path.basename(file)), "the file name carries no key");
  assert.equal(statSync(file).mode & 0o777, 0o600, "the spooled PDF is owner-only");
  assert.equal(statSync(path.dirname(file)).mode & 0o777, 0o700, "the spool folder is owner-only");
  await finishRecoveryStep(app);

  await lockWithButton(app);
  await app.browser.waitUntil(async () => !existsSync(file), {
    timeout: QUICK,
    timeoutMsg: "the spooled PDF was still there after locking",
  });
});
