import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { e2e, addClientInForm, createVault, finishRecoveryStep, launchApp, lockWithButton, unlockWith, PASSPHRASE, QUICK, SLOW } from "./lib/app.mjs";

const BACKUP_PASSPHRASE = "copper lantern orchard beneath winter";
const RESTORED_PASSPHRASE = "quartz meadow heron sings at dawn";
const REPLACED_PASSPHRASE = "saffron kite drifts over marsh reeds";
const OTHER_BACKUP_PASSPHRASE = "somebody else's backup passphrase 42";

// The native save and open dialogs cannot be driven from WebDriver: debug builds use this path instead.
const backupDir = path.join(process.env.CONFIDANT_E2E_RUN_DIR, "backup-files");
const backupFile = path.join(backupDir, "made-in-the-window.age");
mkdirSync(backupDir, { recursive: true });
const dialogPointsAt = (file) => ({ env: { CONFIDANT_TEST_DIALOG_PATH: file } });

/** The headless CLI of the same binary, passphrases on standard input. */
function cli(args, stdin) {
  const out = spawnSync(process.env.CONFIDANT_BIN, args, { input: stdin, encoding: "utf8", timeout: 120_000 });
  assert.equal(out.status, 0, `confidant ${args.join(" ")} failed: ${out.stderr}`);
  return out.stdout;
}

/** Settings, Back up now with a passphrase typed twice and the vault's; returns the summary shown once it verified. */
async function backUpNow(app, vaultPassphrase = PASSPHRASE, passphrase = BACKUP_PASSPHRASE) {
  await app.click("open-settings");
  await app.waitFor("settings");
  await app.type("backup-passphrase", passphrase);
  await app.type("backup-confirmation", passphrase);
  await app.type("backup-current", vaultPassphrase);
  await app.click("backup-now", SLOW);
  return (await app.waitFor("backup-summary", SLOW)).getText();
}

/** The names in the client list, once it shows at least one. */
async function clientNames(app) {
  await app.click("go-clients");
  await app.waitFor("clients");
  await app.browser.waitUntil(async () => (await app.browser.$$('[data-testid="client-row-name"]').length) > 0, {
    timeout: SLOW,
    timeoutMsg: "the client list stayed empty",
  });
  return app.browser.$$('[data-testid="client-row-name"]').map((el) => el.getText());
}

/** From the Restore view's first step to its summary: choose (the dialog path), type the key, check. */
async function openBackupInRestore(app, key) {
  await app.click("restore-choose");
  await app.waitFor("restore-file");
  await app.type("restore-key", key);
  await app.click("restore-open");
  return app.waitFor("restore-summary", SLOW);
}

e2e("a backup made in Settings restores into a new vault with the client", dialogPointsAt(backupFile), async (app) => {
  await createVault(app);

  // No backup yet: the home screen says so, gently.
  assert.match(await (await app.waitFor("home-backup-last")).getText(), /Never/);
  await app.waitFor("home-backup-reminder");
  await app.shot("home-no-backup");

  await addClientInForm(app, "Marguerite Okonkwo-Lind", { dateOfBirth: "1988-04-12" });

  // Settings: the Backups panel, then a backup made and verified.
  await app.click("open-settings");
  await app.waitFor("settings");
  const panel = await app.waitFor("backup-settings");
  assert.match(await (await app.waitFor("backup-last")).getText(), /Never/);
  assert.match(await panel.getText(), /30 daily and 12 monthly/);
  await app.waitFor("auto-off");
  await panel.scrollIntoView({ block: "start" });
  await app.shot("backups-panel");

  // The reminder waits 7 days unless she chooses otherwise; the vault keeps her choice.
  assert.equal(await app.el("remind-days").getValue(), "7");
  await (await app.el("remind-days")).selectByAttribute("value", "14");
  assert.match(await (await app.waitFor("remind-saved")).getText(), /after 14 days/);

  await app.type("backup-passphrase", BACKUP_PASSPHRASE);
  await app.type("backup-confirmation", BACKUP_PASSPHRASE);
  assert.equal(await app.el("backup-now").isEnabled(), false, "the vault passphrase is asked first");
  await app.type("backup-current", PASSPHRASE);
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
  assert.equal(await app.el("backup-current").getValue(), "", "nor the vault's");
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

e2e("a backup made in the window restores into a new vault from the Welcome screen", { timeout: 420_000 }, async (app) => {
  // A practice with clients and notes (the demo generator), backed up in the window.
  const demoDir = path.join(app.dir, "demo");
  const demoPassphrase = cli(["demo", "--data-dir", demoDir, "--clients", "12"], "").trim().split("passphrase: ").pop();
  await app.browser.deleteSession().catch(() => {});
  const source = await launchApp("restore source practice", { dataFrom: demoDir, ...dialogPointsAt(backupFile) });
  let made;
  try {
    await source.waitFor("unlock-screen", SLOW);
    await unlockWith(source, demoPassphrase);
    await source.waitFor("home", SLOW);
    made = await backUpNow(source, demoPassphrase);
    assert.match(made, /^12 clients, \d+ notes, made /);
  } finally {
    await source.browser.deleteSession().catch(() => {});
  }

  // A computer without a vault: Welcome offers the restore.
  const fresh = await launchApp("restore on a new computer", dialogPointsAt(backupFile));
  try {
    await fresh.waitFor("welcome", SLOW);
    await fresh.click("welcome-restore");
    await fresh.waitFor("restore");
    await fresh.shot("restore-choose");
    await fresh.click("restore-choose");
    assert.equal(await (await fresh.waitFor("restore-file")).getText(), "made-in-the-window.age");
    await fresh.shot("restore-key");

    // A wrong passphrase is refused with its own message, and nothing changes.
    await fresh.type("restore-key", "not the backup passphrase at all");
    await fresh.click("restore-open");
    assert.match(await (await fresh.waitFor("restore-error", SLOW)).getText(), /That passphrase does not open this backup/);
    await fresh.shot("restore-wrong-passphrase");

    // The right one: the whole backup is checked, then she sees what it holds.
    await fresh.type("restore-key", BACKUP_PASSPHRASE);
    await fresh.click("restore-open");
    await fresh.waitFor("restore-summary", SLOW);
    assert.equal(await fresh.el("restore-error").isExisting(), false, "the old error must go");
    const counts = await (await fresh.el("restore-counts")).getText();
    assert.ok(made.startsWith(`${counts}, made `), `the summary shows what was backed up: ${counts}`);
    await fresh.shot("restore-summary");

    await fresh.type("new-passphrase", RESTORED_PASSPHRASE);
    await fresh.type("confirm-passphrase", RESTORED_PASSPHRASE);
    await fresh.click("restore-go", SLOW);
    assert.match(await (await fresh.waitFor("restore-done", SLOW)).getText(), /^Your vault is restored: 12 clients/);
    await fresh.shot("restore-done");
    await fresh.click("restore-continue");
    await fresh.waitFor("recovery-key-screen", SLOW);
    await finishRecoveryStep(fresh);

    // Unlocked with the new passphrase: the clients and their notes are there.
    await lockWithButton(fresh);
    await unlockWith(fresh, RESTORED_PASSPHRASE);
    await fresh.waitFor("home", SLOW);
    assert.equal((await clientNames(fresh)).length, 12);
    await fresh.browser.keys(["Control", "k"]);
    await fresh.el("search-box").setValue("sleep");
    await fresh.waitFor("search-page");
    await fresh.browser.waitUntil(async () => (await fresh.browser.$$('[data-testid="note-hit"]').length) > 0, {
      timeout: QUICK,
      timeoutMsg: "searching the restored notes found nothing",
    });
    await fresh.shot("restored-search");
  } finally {
    await fresh.browser.deleteSession().catch(() => {});
  }
});

e2e("replacing the open vault with a backup keeps the old one aside until the restored one unlocks", dialogPointsAt(backupFile), async (app) => {
  await createVault(app);
  await addClientInForm(app, "Marguerite Okonkwo-Lind", { dateOfBirth: "1988-04-12" });
  assert.match(await backUpNow(app), /^1 client, 0 notes/);
  await addClientInForm(app, "Henrietta Vasquez-Pryor", { dateOfBirth: "1988-04-12" }); // after the backup: the restore will not have her

  await app.click("open-settings");
  await (await app.waitFor("restore-from-settings")).scrollIntoView({ block: "center" });
  await app.shot("settings-restore-entry");
  await app.click("restore-from-settings");
  await app.waitFor("restore");
  await openBackupInRestore(app, BACKUP_PASSPHRASE);
  await app.type("new-passphrase", REPLACED_PASSPHRASE);
  await app.type("confirm-passphrase", REPLACED_PASSPHRASE);
  await app.type("restore-current", PASSPHRASE);
  assert.equal(await app.el("restore-go").isEnabled(), false, "nothing is replaced before she confirms");
  await (await app.el("restore-confirm")).click();
  await app.shot("replace-confirm");
  await app.click("restore-go", SLOW);
  await app.waitFor("restore-done", SLOW);
  await app.shot("replace-done");
  const aside = () => readdirSync(app.dataDir).filter((name) => name.startsWith("replaced-"));
  assert.equal(aside().length, 1, "the replaced vault waits aside");

  await app.click("restore-continue");
  await app.waitFor("recovery-key-screen", SLOW);
  await finishRecoveryStep(app);
  const names = await clientNames(app);
  assert.ok(names.length === 1 && names[0].includes("Marguerite"), `only the client in the backup: ${names}`);

  // Unlocking the restored vault with its new passphrase removes the one it replaced.
  await lockWithButton(app);
  await unlockWith(app, REPLACED_PASSPHRASE);
  await app.waitFor("home", SLOW);
  assert.deepEqual(aside(), [], "the replaced vault is removed once the restored one unlocked");
});

e2e("without the vault passphrase nobody at the unlocked laptop backs it up elsewhere, moves its backups or replaces it", dialogPointsAt(backupFile), async (app) => {
  await createVault(app);
  await addClientInForm(app, "Marguerite Okonkwo-Lind", { dateOfBirth: "1988-04-12" });
  assert.match(await backUpNow(app), /^1 client/);
  const backupMade = statSync(backupFile).mtimeMs;

  // Someone else at the open vault: a backup passphrase of their own, a guess for the vault's.
  await app.type("backup-passphrase", OTHER_BACKUP_PASSPHRASE);
  await app.type("backup-confirmation", OTHER_BACKUP_PASSPHRASE);
  await app.type("backup-current", "a guess at her passphrase");
  await app.click("backup-now", SLOW);
  assert.match(await (await app.waitFor("backup-error", SLOW)).getText(), /That passphrase did not open this vault/);
  assert.equal(statSync(backupFile).mtimeMs, backupMade, "no backup leaves with a wrong vault passphrase");
  await (await app.el("backup-error")).scrollIntoView({ block: "center" });
  await app.shot("backup-wrong-vault-passphrase");

  await app.type("auto-current", "another guess at it");
  await app.click("auto-choose");
  assert.match(await (await app.waitFor("auto-error", SLOW)).getText(), /That passphrase did not open this vault/);
  await app.waitFor("auto-off");
  await (await app.el("auto-error")).scrollIntoView({ block: "center" });
  await app.shot("auto-folder-wrong-vault-passphrase");

  await app.click("restore-from-settings");
  await app.waitFor("restore");
  await openBackupInRestore(app, BACKUP_PASSPHRASE);
  await app.type("new-passphrase", REPLACED_PASSPHRASE);
  await app.type("confirm-passphrase", REPLACED_PASSPHRASE);
  await app.type("restore-current", "a third guess at it");
  await (await app.el("restore-confirm")).click();
  await app.click("restore-go", SLOW);
  assert.match(await (await app.waitFor("restore-error", SLOW)).getText(), /That passphrase did not open this vault/);
  assert.equal(await app.el("restore-done").isExisting(), false);
  await app.shot("replace-wrong-vault-passphrase");
  assert.deepEqual(readdirSync(app.dataDir).filter((n) => n.startsWith("replaced-")), [], "nothing was set aside");

  // Her vault is as it was, still open.
  const names = await clientNames(app);
  assert.ok(names.length === 1 && names[0].includes("Marguerite"), `her vault is unchanged: ${names}`);
});
