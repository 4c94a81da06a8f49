import assert from "node:assert/strict";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { e2e, createVault, lockWithButton, unlockWith, PASSPHRASE, SLOW } from "./lib/app.mjs";

e2e("a vault whose history was changed outside Confidant does not open, says why and changes nothing", async (app) => {
  await createVault(app);
  await lockWithButton(app);
  // The anchor beside the vault pins the end of its audit trail; removing it is how someone would
  // hide an older copy of the database put back in place.
  await rm(path.join(app.dataDir, "vault.anchor"));
  const database = await readFile(path.join(app.dataDir, "vault.db"));

  await unlockWith(app, PASSPHRASE);
  const error = await app.waitFor("unlock-error", SLOW);
  const message = await error.getText();
  assert.match(message, /changed outside Confidant/, message);
  assert.match(message, /vault\.anchor\) is missing/, message);
  assert.match(message, /has changed nothing/, message);
  assert.equal(await app.el("home").isExisting(), false, "the vault must stay closed");
  await app.shot("history-altered");

  const after = await readFile(path.join(app.dataDir, "vault.db"));
  assert.ok(database.equals(after), "nothing was written to the vault");
  await assert.rejects(readFile(path.join(app.dataDir, "vault.anchor")), "no anchor was made up to repair it");
});
