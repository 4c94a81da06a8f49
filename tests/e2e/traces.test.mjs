// A working session leaves nothing behind outside the vault: WebKit's own data (its cache,
// storage salts, HSTS list) lives in a private folder in memory while the app runs and is gone at
// quit, and nothing at all is written under the home folder.
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, statSync } from "node:fs";
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

    const left = ours().flatMap((name) => [name, ...filesUnder(path.join(runtimeDir, name))]);
    assert.deepEqual(left, [], "the app's folders in memory outlived it");
    assert.deepEqual(filesUnder(homeDir), [], "the app wrote under the home folder");
  },
);
