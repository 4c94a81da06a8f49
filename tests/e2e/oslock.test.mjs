import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import path from "node:path";
import { after } from "node:test";
import { e2e, createClient, createVault, daysFromToday, invokeOk, lockWithButton, unlockWith, PASSPHRASE, SLOW, QUICK } from "./lib/app.mjs";

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

/**
 * logind's sleep inhibitors on that bus (lib/fake-logind.py): `events` lists what happened to
 * them, "taken PID MODE" and "released PID MODE", PID being the holder's.
 */
async function fakeLogind(address) {
  const script = path.join(path.dirname(new URL(import.meta.url).pathname), "lib", "fake-logind.py");
  // The system's Python, which has GLib's bindings (python3-gi).
  const child = spawn("/usr/bin/python3", [script, address], { stdio: ["ignore", "pipe", "inherit"] });
  const events = [];
  const lines = createInterface({ input: child.stdout });
  lines.on("line", (line) => events.push(line));
  const deadline = Date.now() + QUICK;
  while (!events.includes("ready")) {
    if (Date.now() > deadline) throw new Error("the stand-in for logind did not start");
    await new Promise((r) => setTimeout(r, 50));
  }
  child.unref();
  return { events, stop: () => child.kill("SIGTERM") };
}

function signal(address, path, member, ...args) {
  execFileSync("dbus-send", [`--bus=${address}`, "--type=signal", path, member, ...args]);
}

/**
 * A session's LockedHint turning true, as logind announces it for every desktop's screen locker.
 * (Through GLib's bindings: dbus-send cannot send a dictionary of variants, and `gdbus emit
 * --address` sends before joining the bus, so the bus delivers it to nobody.)
 */
function lockedHint(address) {
  const script = [
    "import sys, gi",
    "gi.require_version('Gio', '2.0')",
    "from gi.repository import Gio, GLib",
    "flags = Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION",
    "bus = Gio.DBusConnection.new_for_address_sync(sys.argv[1], flags, None, None)",
    "changed = GLib.Variant('(sa{sv}as)', ('org.freedesktop.login1.Session', {'LockedHint': GLib.Variant('b', True)}, []))",
    "bus.emit_signal(None, '/org/freedesktop/login1/session/_31', 'org.freedesktop.DBus.Properties', 'PropertiesChanged', changed)",
    "bus.flush_sync(None)",
  ].join("\n");
  execFileSync("/usr/bin/python3", ["-c", script, address]);
}

const sleep = (address) => signal(address, "/org/freedesktop/login1", "org.freedesktop.login1.Manager.PrepareForSleep", "boolean:true");
const wake = (address) => signal(address, "/org/freedesktop/login1", "org.freedesktop.login1.Manager.PrepareForSleep", "boolean:false");
const gnomeScreenLock = (address) => signal(address, "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver.ActiveChanged", "boolean:true");

const bus = await privateBus();
const logind = await fakeLogind(bus.address);
after(() => {
  logind.stop();
  bus.stop();
});
const buses = { env: { DBUS_SYSTEM_BUS_ADDRESS: bus.address, DBUS_SESSION_BUS_ADDRESS: bus.address } };

async function assertLockedByTheBackend(app) {
  await app.waitFor("unlock-screen", SLOW);
  const answer = await app.invokeRaw("settings_get");
  assert.equal(answer.error?.code, "locked", "the backend locked, not just the page");
}

e2e("the vault locks when the system suspends or the screen locks, on every desktop", buses, async (app) => {
  await createVault(app);

  sleep(bus.address);
  await assertLockedByTheBackend(app);
  assert.match(await app.el("lock-reason").getText(), /went to sleep/, "the unlock screen says why");

  await unlockWith(app, PASSPHRASE);
  await app.waitFor("home", SLOW);
  // Waking up (PrepareForSleep false) must not lock anything.
  wake(bus.address);
  await app.browser.pause(1000);
  assert.equal(await app.el("home").isDisplayed(), true, "waking up keeps the vault open");

  const locks = {
    "GNOME's screensaver": () => gnomeScreenLock(bus.address),
    "KDE's screen locker (org.freedesktop.ScreenSaver)": () =>
      signal(bus.address, "/ScreenSaver", "org.freedesktop.ScreenSaver.ActiveChanged", "boolean:true"),
    "logind's LockedHint (XFCE, Cinnamon, MATE and the rest)": () => lockedHint(bus.address),
  };
  for (const [which, lock] of Object.entries(locks)) {
    lock();
    await assertLockedByTheBackend(app).catch((e) => assert.fail(`${which} did not lock the vault: ${e.message}`));
    await unlockWith(app, PASSPHRASE);
    await app.waitFor("home", SLOW);
  }
});

e2e("the computer sleeps only once the vault is locked: Confidant delays sleep until then", buses, async (app) => {
  const [pid] = await app.pids();
  const seen = (event) => logind.events.filter((e) => e === `${event} ${pid} sleep delay`).length;
  const waitFor = async (event, count) =>
    app.browser.waitUntil(async () => seen(event) >= count, { timeout: SLOW, timeoutMsg: `no "${event}" number ${count}: ${logind.events.join(", ")}` });
  await waitFor("taken", 1);
  await createVault(app);

  sleep(bus.address);
  await waitFor("released", 1);
  const answer = await app.invokeRaw("settings_get");
  assert.equal(answer.error?.code, "locked", "the machine was let sleep before the vault locked");
  await app.waitFor("unlock-screen", SLOW);

  // Awake again: the next sleep will wait too.
  wake(bus.address);
  await waitFor("taken", 2);
  assert.equal(seen("released"), 1, "the new delay was let go at once");
});

e2e("a screen lock that arrives while the vault is opening keeps it locked", buses, async (app) => {
  await createVault(app);
  await lockWithButton(app);

  await app.type("passphrase", PASSPHRASE);
  await app.click("unlock");
  await app.waitFor("unlocking"); // the key is being derived
  gnomeScreenLock(bus.address);

  const error = await app.waitFor("unlock-error", SLOW);
  assert.match(await error.getText(), /locked again while your vault was opening/);
  assert.equal((await app.invokeRaw("settings_get")).error?.code, "locked", "the vault opened after the lock");
  await app.shot("locked-while-opening");

  await unlockWith(app, PASSPHRASE);
  await app.waitFor("home", SLOW);
});

e2e("what she typed just before the screen locked is in the note after unlocking", buses, async (app) => {
  const TEXT = "Slept four hours; the baby fed at two and at five.";
  await createVault(app);
  const client = await createClient(app, { legalName: "Rosalind Ashgrove", dateOfBirth: "1991-02-03" }, { consented: true });
  const session = await invokeOk(app, "session_create", {
    clientId: client.id,
    fields: { date: daysFromToday(-1), startTime: "09:00", endTime: "09:50", attendance: "attended" },
  });
  await invokeOk(app, "note_create", { note: { clientId: client.id, sessionId: session.id, kind: "progress", template: "free_text", date: "" } });
  const openNote = async () => {
    await app.click("go-clients");
    await app.click("client-row");
    await app.waitFor("client-notes", SLOW);
    await app.click("open-note");
    await app.waitFor("note-page");
  };
  await openNote();

  // Typed, and the screen locks at once: well before the editor's own save, two seconds later.
  await app.type("note-section-text", TEXT);
  gnomeScreenLock(bus.address);
  await assertLockedByTheBackend(app);

  await unlockWith(app, PASSPHRASE);
  await app.waitFor("home", SLOW);
  await openNote();
  assert.equal(await app.el("note-section-text").getValue(), TEXT, "the last words typed were lost at the lock");
});
