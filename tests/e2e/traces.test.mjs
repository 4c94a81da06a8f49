// A working session leaves nothing behind outside the vault: WebKit's own data (its cache,
// storage salts, HSTS list) lives in a private folder in memory while the app runs and is gone at
// quit, and nothing at all is written under the home folder.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { e2e, createClient, createVault, lockWithButton, unlockWith, PASSPHRASE, SLOW, QUICK } from "./lib/app.mjs";

const root = path.join(process.env.CONFIDANT_E2E_RUN_DIR, "traces");
const runtimeDir = path.join(root, "runtime");
const homeDir = path.join(root, "home");
mkdirSync(runtimeDir, { recursive: true, mode: 0o700 });
mkdirSync(homeDir, { recursive: true, mode: 0o700 });

const filesUnder = (dir) => readdirSync(dir, { recursive: true }).map((name) => path.join(dir, name));
const ours = () => readdirSync(runtimeDir).filter((name) => name.startsWith("confidant-"));

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

    // While it runs, WebKit's folder is ours, owner-only, in memory, and WebKit did use it.
    const [webview] = ours().filter((name) => name.startsWith("confidant-webview-"));
    assert.ok(webview, `no web view folder in the runtime folder: ${ours().join(", ")}`);
    assert.equal(statSync(path.join(runtimeDir, webview)).mode & 0o777, 0o700, "the web view folder is owner-only");
    assert.ok(filesUnder(path.join(runtimeDir, webview)).length > 0, "WebKit wrote nothing there: is the folder really its data folder?");

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
    const left = ours().flatMap((name) => [name, ...filesUnder(path.join(runtimeDir, name))]);
    const bookkeeping = (file) => file.startsWith(path.join(runtimeDir, webview, "storage"));
    const webkitLate = (file) => file === webview || bookkeeping(file);
    assert.deepEqual(left.filter((file) => !webkitLate(file)), [], "the app's folders in memory outlived it");
    for (const file of left.filter((f) => bookkeeping(f) && statSync(f).isFile())) {
      assert.equal(path.basename(file), "origin", `WebKit left more than its bookkeeping: ${file}`);
      assert.doesNotMatch(readFileSync(file, "latin1"), /Wilhelmina|Stroud/, "a client's name in WebKit's files");
    }
    assert.deepEqual(filesUnder(homeDir), [], "the app wrote under the home folder");
  },
);

const secondStartRuntime = path.join(root, "runtime-second-start");
mkdirSync(secondStartRuntime, { recursive: true, mode: 0o700 });

e2e(
  "a second start on the same vault leaves the first window and its folders alone, and asks it to the front",
  { env: { XDG_RUNTIME_DIR: secondStartRuntime } },
  async (first) => {
    await createVault(first);
    const inRuntime = (prefix) => path.join(secondStartRuntime, readdirSync(secondStartRuntime).find((name) => name.startsWith(prefix)));
    const webview = inRuntime("confidant-webview-");
    const before = filesUnder(webview).length;
    assert.ok(before > 0, "the first window's web view folder is empty");

    const second = spawnSync(process.env.CONFIDANT_BIN, [], {
      env: { ...process.env, CONFIDANT_DATA_DIR: first.dataDir, XDG_RUNTIME_DIR: secondStartRuntime },
      encoding: "utf8",
      timeout: QUICK,
    });
    assert.equal(second.status, 1, `the second start should end at once: ${second.stderr}`);
    assert.match(second.stderr, /already open on this vault/);
    assert.equal(readFileSync(inRuntime("confidant-instance-"), "utf8"), "show\n", "the first window was not asked to the front");

    // The first window's folders are as they were, and it goes on working.
    assert.ok(filesUnder(webview).length >= before, "the second start wiped the first window's web view folder");
    await first.click("go-clients");
    await first.waitFor("clients");
  },
);
