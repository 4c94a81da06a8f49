import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { e2e, createVault, launchApp, unlockWith, SLOW } from "./lib/app.mjs";

const BACKUP_PASSPHRASE = "copper lantern orchard beneath winter";
const RESTORED_PASSPHRASE = "quartz meadow heron sings at dawn";

// The native save dialog cannot be driven from WebDriver: debug builds use this path instead.
const backupDir = path.join(process.env.CONFIDANT_E2E_RUN_DIR, "backup-files");
const backupFile = path.join(backupDir, "made-in-the-window.age");
mkdirSync(backupDir, { recursive: true });

/** The headless CLI of the same binary, passphrases on standard input. */
function cli(args, stdin) {
  const out = spawnSync(process.env.CONFIDANT_BIN, args, { input: stdin, encoding: "utf8", timeout: 120_000 });
  assert.equal(out.status, 0, `confidant ${args.join(" ")} failed: ${out.stderr}`);
  return out.stdout;
}

e2e("a backup made in Settings restores into a new vault with the client", { env: { CONFIDANT_TEST_DIALOG_PATH: backupFile } }, async (app) => {
  await createVault(app);

  // No backup yet: the home screen says so, gently.
  assert.match(await (await app.waitFor("home-backup-last")).getText(), /Never/);
  await app.waitFor("home-backup-reminder");
  await app.shot("home-no-backup");

  // A client, through the form.
  await app.click("go-clients");
  await app.waitFor("clients");
  await app.click("add-client");
  await app.waitFor("client-form");
  await app.type("field-legalName", "Marguerite Okonkwo-Lind");
  const dob = await app.waitFor("field-dateOfBirth");
  await app.browser.execute((node) => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(node, "1988-04-12");
    node.dispatchEvent(new Event("input", { bubbles: true }));
    node.dispatchEvent(new Event("change", { bubbles: true }));
  }, dob);
  await app.click("save-client");
  await app.waitFor("client-page", SLOW);

  // Settings: the Backups panel, then a backup made and verified.
  await app.click("open-settings");
  await app.waitFor("settings");
  const panel = await app.waitFor("backup-settings");
  assert.match(await (await app.waitFor("backup-last")).getText(), /Never/);
  assert.match(await panel.getText(), /30 daily and 12 monthly/);
  await app.waitFor("auto-off");
  await panel.scrollIntoView({ block: "start" });
  await app.shot("backups-panel");

  await app.type("backup-passphrase", BACKUP_PASSPHRASE);
  await app.type("backup-confirmation", BACKUP_PASSPHRASE);
  await app.browser.waitUntil(async () => (await app.el("backup-now")).isEnabled(), {
    timeout: SLOW,
    timeoutMsg: "the Back up now button never became available",
  });
  await app.click("backup-now");
  const summary = await app.waitFor("backup-summary", SLOW);
  assert.match(await summary.getText(), /^1 client, 0 notes, made /);
  assert.doesNotMatch(await (await app.el("backup-last")).getText(), /Never/);
  assert.ok(existsSync(backupFile), "the backup file was not written where the dialog pointed");
  assert.equal(await app.el("backup-passphrase").getValue(), "", "the passphrase must not stay on screen");
  await (await app.el("backup-settings")).scrollIntoView({ block: "start" });
  await app.shot("backup-made");

  // Home now shows the backup and no reminder.
  await app.click("go-home");
  await app.waitFor("home");
  assert.doesNotMatch(await (await app.waitFor("home-backup-last")).getText(), /Never/);
  assert.equal(await app.el("home-backup-reminder").isExisting(), false);
  await app.shot("home-after-backup");

  // The file verifies and restores into a new data directory with the headless CLI...
  assert.match(cli(["backup", "verify", backupFile], `${BACKUP_PASSPHRASE}\n`), /1 client/);
  const restoredDir = path.join(app.dir, "restored");
  cli(
    ["backup", "restore", backupFile, "--data-dir", restoredDir],
    `${BACKUP_PASSPHRASE}\n${RESTORED_PASSPHRASE}\n${RESTORED_PASSPHRASE}\n`,
  );
  await app.killHard();

  // ...and the restored vault opens in the app with the client in it.
  const restored = await launchApp("backup restored vault", { dataDir: restoredDir });
  try {
    await restored.waitFor("unlock-screen", SLOW);
    await unlockWith(restored, RESTORED_PASSPHRASE);
    await restored.waitFor("home", SLOW);
    await restored.click("go-clients");
    await restored.waitFor("clients");
    await restored.browser.waitUntil(
      async () => (await restored.browser.$$('[data-testid="client-row-name"]').map((el) => el.getText())).some((n) => n.includes("Marguerite")),
      { timeout: SLOW, timeoutMsg: "the restored vault does not list the client" },
    );
    await restored.shot("restored-clients");
  } finally {
    await restored.browser.deleteSession().catch(() => {});
  }
});
