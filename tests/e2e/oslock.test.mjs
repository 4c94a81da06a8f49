import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { once } from "node:events";
import { after } from "node:test";
import { e2e, createVault, unlockWith, PASSPHRASE, SLOW } from "./lib/app.mjs";

/**
 * A private D-Bus daemon stands in for both the system bus (logind) and the session bus (the
 * desktop's screensaver), so the test can announce a suspend or a screen lock like the OS does.
 */
async function privateBus() {
  const daemon = spawn("dbus-daemon", ["--session", "--nofork", "--print-address=1"], { stdio: ["ignore", "pipe", "ignore"] });
  const [chunk] = await once(daemon.stdout, "data");
  const address = String(chunk).trim().split("\n")[0];
  assert.match(address, /^unix:/, "dbus-daemon printed its address");
  // The daemon must not keep the test process alive once the tests are done.
  daemon.unref();
  daemon.stdout.destroy();
  return { address, stop: () => daemon.kill("SIGTERM") };
}

function signal(address, path, member, ...args) {
  execFileSync("dbus-send", [`--bus=${address}`, "--type=signal", path, member, ...args]);
}

const bus = await privateBus();
after(() => bus.stop());

e2e(
  "the vault locks when the system suspends or the screen locks",
  { env: { DBUS_SYSTEM_BUS_ADDRESS: bus.address, DBUS_SESSION_BUS_ADDRESS: bus.address } },
  async (app) => {
    await createVault(app);

    signal(bus.address, "/org/freedesktop/login1", "org.freedesktop.login1.Manager.PrepareForSleep", "boolean:true");
    await app.waitFor("unlock-screen", SLOW);
    assert.match(await app.el("lock-reason").getText(), /went to sleep/, "the unlock screen says why");
    const after = await app.invokeRaw("settings_get");
    assert.equal(after.error?.code, "locked", "the backend locked, not just the page");

    await unlockWith(app, PASSPHRASE);
    await app.waitFor("home", SLOW);
    // Waking up (PrepareForSleep false) must not lock anything.
    signal(bus.address, "/org/freedesktop/login1", "org.freedesktop.login1.Manager.PrepareForSleep", "boolean:false");
    await app.browser.pause(1000);
    assert.equal(await app.el("home").isDisplayed(), true, "waking up keeps the vault open");

    signal(bus.address, "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver.ActiveChanged", "boolean:true");
    await app.waitFor("unlock-screen", SLOW);
  },
);
