// A working session leaves nothing behind outside the vault: WebKit's own data (its cache,
// storage salts, HSTS list) and printed papers live in private folders in memory while the app
// runs and are gone at quit, nothing at all is written under the home folder, and no client text
// can be read anywhere on disk, not even after a crash.
import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import {
  e2e,
  createClient,
  createVault,
  daysFromToday,
  invokeOk,
  launchApp,
  lockWithButton,
  unlockWith,
  PASSPHRASE,
  SLOW,
  QUICK,
} from "./lib/app.mjs";
import { changedSince, clientTextIn, filesUnder } from "./lib/traces.mjs";

const run = promisify(execFile);
const root = path.join(process.env.CONFIDANT_E2E_RUN_DIR, "traces");
const runtimeDir = path.join(root, "runtime");
const homeDir = path.join(root, "home");
mkdirSync(runtimeDir, { recursive: true, mode: 0o700 });
mkdirSync(homeDir, { recursive: true, mode: 0o700 });

const ours = () => readdirSync(runtimeDir).filter((name) => name.startsWith("confidant-"));
const allUnder = (dir) => readdirSync(dir, { recursive: true }).map((name) => path.join(dir, name));

/** A folder of the test's own, owner-only, like the ones it stands in for. */
function freshDir(...parts) {
  const dir = path.join(root, ...parts);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** The environment of a user whose home, folder in memory and temporary folder are the test's. */
function userEnv(name) {
  const home = freshDir(name, "home");
  return {
    HOME: home,
    XDG_RUNTIME_DIR: freshDir(name, "runtime"),
    TMPDIR: freshDir(name, "tmp"),
    XDG_DATA_HOME: path.join(home, ".local", "share"),
    XDG_CACHE_HOME: path.join(home, ".cache"),
    XDG_CONFIG_HOME: path.join(home, ".config"),
  };
}

/** A signed note with `text` for the client, through the real commands. */
async function signedNote(app, clientId, text) {
  const fields = { date: daysFromToday(-1), startTime: "10:00", endTime: "10:50", attendance: "attended" };
  const session = await invokeOk(app, "session_create", { clientId, fields });
  const note = await invokeOk(app, "note_create", {
    note: { clientId, sessionId: session.id, kind: "progress", template: "free_text", date: "" },
  });
  await invokeOk(app, "note_save_draft", { id: note.id, content: { template: "free_text", sections: [text] }, expectedRevision: null });
  await invokeOk(app, "note_sign", { id: note.id });
}

/** The PDF the app handed to the viewer last, once it has. */
async function lastPrinted(app) {
  let opened = [];
  await app.browser.waitUntil(async () => (opened = await app.viewerEntries()).length > 0, {
    timeout: SLOW,
    timeoutMsg: "nothing was handed to the PDF viewer",
  });
  return opened[opened.length - 1].file;
}

e2e(
  "the web view keeps its data in memory, removed at quit, and nothing is written under the home folder",
  {
    env: {
      XDG_RUNTIME_DIR: runtimeDir,
      HOME: homeDir,
      XDG_DATA_HOME: path.join(homeDir, ".local", "share"),
      XDG_CACHE_HOME: path.join(homeDir, ".cache"),
      XDG_CONFIG_HOME: path.join(homeDir, ".config"),
    },
  },
  async (app) => {
    // A short day: a vault, a client with a note, her page, the forms, a lock and an unlock.
    await createVault(app);
    await createClient(app, { legalName: "Wilhelmina Stroud", dateOfBirth: "1990-06-21" }, { consented: true });
    await app.click("go-clients");
    await app.click("client-row");
    await app.waitFor("client-page", SLOW);
    await app.click("go-forms");
    await app.waitFor("forms-page");
    await lockWithButton(app);
    await unlockWith(app, PASSPHRASE);
    await app.waitFor("home", SLOW);

    // Settings says where printed papers wait: here, in memory.
    await app.click("open-settings");
    const spool = await app.waitFor("print-spool");
    assert.equal(await spool.getAttribute("data-place"), "memory");
    await app.shot("settings-spool-in-memory");

    // While it runs, WebKit's folder is ours, owner-only, in memory, and WebKit did use it.
    const [webview] = ours().filter((name) => name.startsWith("confidant-webview-"));
    assert.ok(webview, `no web view folder in the runtime folder: ${ours().join(", ")}`);
    assert.equal(statSync(path.join(runtimeDir, webview)).mode & 0o777, 0o700, "the web view folder is owner-only");
    assert.ok(allUnder(path.join(runtimeDir, webview)).length > 0, "WebKit wrote nothing there: is the folder really its data folder?");

    // Quit as at a logout (SIGTERM). Closing the window takes the same way out (Tauri's exit), but
    // cannot be tested here: WebKitWebDriver kills the app as soon as its window closes.
    const [pid] = await app.pids();
    process.kill(pid, "SIGTERM");
    const deadline = Date.now() + QUICK;
    while ((await app.pids()).includes(pid)) {
      assert.ok(Date.now() < deadline, "the app did not quit when its window closed");
      await new Promise((r) => setTimeout(r, 100));
    }

    // WebKit's network process outlives the app by a moment and may write its storage bookkeeping
    // back (files named "origin", naming the app's own origin) after the app removed the folder.
    // That is all that may be left: in memory, no client data, gone at the next start or logout.
    const left = ours().flatMap((name) => [name, ...allUnder(path.join(runtimeDir, name))]);
    const bookkeeping = (file) => file.startsWith(path.join(runtimeDir, webview, "storage"));
    const webkitLate = (file) => file === webview || bookkeeping(file);
    assert.deepEqual(left.filter((file) => !webkitLate(file)), [], "the app's folders in memory outlived it");
    for (const file of left.filter((f) => bookkeeping(f) && statSync(f).isFile())) {
      assert.equal(path.basename(file), "origin", `WebKit left more than its bookkeeping: ${file}`);
      assert.doesNotMatch(readFileSync(file, "latin1"), /Wilhelmina|Stroud/, "a client's name in WebKit's files");
    }
    assert.deepEqual(allUnder(homeDir), [], "the app wrote under the home folder");
    assert.deepEqual(clientTextIn(filesUnder(app.dataDir), ["Wilhelmina", "Stroud"]), [], "a client's name in the data folder");
  },
);

const secondStartRuntime = freshDir("runtime-second-start");

e2e(
  "a second start on the same vault, from this login or another, leaves the first window and its folders alone and asks it to the front",
  { env: { XDG_RUNTIME_DIR: secondStartRuntime } },
  async (first) => {
    await createVault(first);
    const webview = path.join(secondStartRuntime, readdirSync(secondStartRuntime).find((name) => name.startsWith("confidant-webview-")));
    const before = filesUnder(webview).length;
    assert.ok(before > 0, "the first window's web view folder is empty");

    // The same login, then another one (`sudo -u`, a sandbox): another folder in memory.
    const otherLogin = freshDir("runtime-other-login");
    for (const runtime of [secondStartRuntime, otherLogin]) {
      const second = spawnSync(process.env.CONFIDANT_BIN, [], {
        env: { ...process.env, CONFIDANT_DATA_DIR: first.dataDir, XDG_RUNTIME_DIR: runtime },
        encoding: "utf8",
        timeout: QUICK,
      });
      assert.equal(second.status, 1, `a second start with XDG_RUNTIME_DIR=${runtime} should end at once: ${second.stderr}`);
      assert.match(second.stderr, /already open on this vault/);
    }
    const requests = readFileSync(path.join(first.dataDir, "instance.lock"), "utf8");
    assert.equal(requests, "show\nshow\n", "the first window was not asked to the front, twice");
    assert.deepEqual(readdirSync(otherLogin), [], "the start from another login made folders in memory");

    // The first window's folders are as they were, and it goes on working.
    assert.ok(filesUnder(webview).length >= before, "the second start wiped the first window's web view folder");
    await first.click("go-clients");
    await first.waitFor("clients");
  },
);

e2e(
  "saving through the system's file dialog leaves no trace of the file in the desktop's recent files",
  { env: userEnv("recent-files") },
  async (app) => {
    const home = userEnv("recent-files").HOME;
    const saved = path.join(freshDir("recent-files", "chosen"), "sheet-kept-here.pdf");
    await createVault(app, PASSPHRASE, { keepGoing: false });

    // The real GTK dialog (no stand-in path): its name field has the focus; a whole path typed
    // there saves in that folder.
    const [pid] = await app.pids();
    const windows = async () => (await run("xdotool", ["search", "--onlyvisible", "--pid", String(pid)]).catch(() => ({ stdout: "" }))).stdout.split("\n").filter(Boolean);
    const before = await windows();
    await app.click("save-sheet");
    let dialog;
    await app.browser.waitUntil(async () => (dialog = (await windows()).find((id) => !before.includes(id))) !== undefined, {
      timeout: SLOW,
      timeoutMsg: "the save dialog never appeared",
    });
    await run("xdotool", ["windowfocus", "--sync", dialog]);
    await run("xdotool", ["key", "--clearmodifiers", "ctrl+a"]);
    await run("xdotool", ["type", "--delay", "15", saved]);
    await run("xdotool", ["key", "Return"]);
    await app.browser.waitUntil(async () => existsSync(saved), { timeout: SLOW, timeoutMsg: "the sheet was not saved where typed" });
    const status = await app.waitFor("sheet-status", SLOW);
    assert.notEqual(await status.getAttribute("data-kind"), "error", await status.getText());

    const recent = path.join(home, ".local", "share", "recently-used.xbel");
    if (existsSync(recent)) assert.doesNotMatch(readFileSync(recent, "utf8"), /<bookmark /, "GTK listed the saved file");
    assert.deepEqual(clientTextIn(filesUnder(home), ["sheet-kept-here"]), [], "the saved file is named under the home folder");
  },
);

const CRASH_WORDS = ["Ottoline", "Brackenbury", "marigold"];

e2e(
  "after a crash with a printed record copy open, no client text is left on disk, and the next start empties the spool in memory",
  { env: userEnv("crash") },
  async (app) => {
    const env = userEnv("crash");
    const started = new Date();
    await createVault(app);
    const client = await createClient(app, { legalName: "Ottoline Brackenbury", dateOfBirth: "1987-03-14" }, { consented: true });
    await signedNote(app, client.id, "She walked to the marigold lighthouse with the baby every morning.");
    await invokeOk(app, "record_copy_print", { clientId: client.id, billing: false });
    const copy = await lastPrinted(app);
    assert.ok(copy.startsWith(env.XDG_RUNTIME_DIR), `the record copy was spooled on disk: ${copy}`);
    assert.ok(clientTextIn([copy], CRASH_WORDS).length === CRASH_WORDS.length, "the scan cannot read the record copy it must find");

    await app.killHard();

    // On disk: the data folder (the vault is encrypted), the home folder, the temporary folders.
    const disk = [...filesUnder(app.dataDir), ...filesUnder(env.HOME), ...filesUnder(env.TMPDIR)];
    const elsewhere = changedSince(["/tmp", "/var/tmp"], started, [env.XDG_RUNTIME_DIR]);
    assert.deepEqual(clientTextIn([...disk, ...elsewhere], CRASH_WORDS), [], "client text on disk after the crash");
    assert.equal(existsSync(path.join(app.dataDir, "spool")), false, "a print spool in the data folder");
    assert.ok(existsSync(copy), "the crash left the copy in memory (until the next start or the logout)");

    const again = await launchApp("after the crash", { dataDir: app.dataDir, env });
    try {
      await again.waitFor("unlock-screen", SLOW);
      assert.equal(existsSync(copy), false, "the next start left the record copy in memory");
      assert.deepEqual(clientTextIn(filesUnder(env.XDG_RUNTIME_DIR), CRASH_WORDS), [], "client text in memory after the next start");
    } finally {
      await again.shot("last").catch(() => {});
      await again.browser.deleteSession().catch(() => {});
    }
  },
);
