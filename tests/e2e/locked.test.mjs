import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { e2e, createVault, lockWithButton, repoRoot } from "./lib/app.mjs";

const manifestPath = path.join(repoRoot, "ui/src/lib/generated/commands.json");

e2e("locked means locked: every data command answers locked", async (app) => {
  const manifest = JSON.parse(await readFile(manifestPath, "utf8"));
  const { commands, allowedWhenLocked } = manifest;
  assert.ok(Array.isArray(commands) && Array.isArray(allowedWhenLocked), "commands.json has the wrong shape");
  // Guard against a generator that lists nothing, which would make this test pass vacuously.
  for (const known of ["vault_status", "vault_lock", "settings_get", "vault_change_passphrase"]) {
    assert.ok(commands.includes(known), `commands.json does not list ${known}`);
  }
  for (const name of allowedWhenLocked) {
    assert.ok(commands.includes(name), `allowedWhenLocked names ${name}, which is not a command`);
  }
  const guarded = commands.filter((c) => !allowedWhenLocked.includes(c));
  assert.ok(guarded.includes("settings_get"), "settings_get must not be allowed while locked");

  await createVault(app);
  await lockWithButton(app);

  const wrong = [];
  for (const name of guarded) {
    const result = await app.invokeRaw(name, {});
    if (result.ok || result.error?.code !== "locked") {
      wrong.push(`${name}: ${JSON.stringify(result)}`);
    }
  }
  assert.deepEqual(wrong, [], `these commands did not answer "locked" on a locked vault:\n${wrong.join("\n")}`);

  // And the page shows nothing from inside.
  const text = await app.bodyText();
  assert.ok(!text.includes("Keeping it closed"), "the home screen is still visible");
  assert.equal((await app.invokeRaw("vault_status")).value?.state, "locked");
});
