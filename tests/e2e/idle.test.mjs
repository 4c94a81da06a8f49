import assert from "node:assert/strict";
import { e2e, createVault, QUICK } from "./lib/app.mjs";

const IDLE_SECONDS = 3;

e2e("the vault locks itself after the idle timeout with no activity", { idleSeconds: IDLE_SECONDS }, async (app) => {
  await createVault(app);
  const openedAt = Date.now();
  // No clicks, no keys: the backend's timer alone must lock the vault and tell the window.
  await app.el("unlock-screen").waitForDisplayed({
    timeout: IDLE_SECONDS * 1000 + QUICK,
    interval: 250,
    timeoutMsg: `the vault did not lock itself within ${IDLE_SECONDS} s of idle time plus ${QUICK} ms`,
  });
  const after = (Date.now() - openedAt) / 1000;
  assert.ok(!(await app.bodyText()).includes("Keeping it closed"));
  const why = await app.el("lock-reason").getText();
  assert.match(why, /without activity/, "the unlock screen says why the vault locked");
  const result = await app.invokeRaw("settings_get");
  assert.equal(result.error?.code, "locked", `the backend is not locked after ${after.toFixed(1)} s idle`);
});
