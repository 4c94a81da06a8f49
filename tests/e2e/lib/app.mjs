// Helpers for driving the real Confidant window over WebDriver (tauri-driver + WebKitWebDriver).
//
// run.sh starts Xvfb and one tauri-driver. tauri-driver launches `launch-app.sh`, which reads the
// environment file written here for the current test (a fresh data directory per test) and then
// execs the real app binary. Tests therefore run one at a time (node --test --test-concurrency=1).

import { cp, mkdir, readFile, readdir, readlink, writeFile, chmod } from "node:fs/promises";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { remote } from "webdriverio";
import { captureWindow } from "./screen.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "../../..");

const runDir = mustEnv("CONFIDANT_E2E_RUN_DIR");
const envFile = mustEnv("CONFIDANT_E2E_ENV_FILE");
const screenshotDir = mustEnv("CONFIDANT_E2E_SCREENSHOTS");
const launcher = path.join(here, "..", "launch-app.sh");
const driverPort = Number(process.env.CONFIDANT_E2E_DRIVER_PORT ?? "4444");

/** How long the slow steps may take: key derivation is about a second in a release build, more in debug. */
export const SLOW = 60_000;
export const QUICK = 10_000;

export const PASSPHRASE = "amber heron walks the quiet harbor";
export const OTHER_PASSPHRASE = "violet kettle hums beside seven pines";

function mustEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the end-to-end tests through tests/e2e/run.sh`);
  return value;
}

function slug(name) {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 80);
}

const shellQuote = (s) => `'${String(s).replaceAll("'", `'\\''`)}'`;

/**
 * Declares an end-to-end test: a fresh data directory and a fresh app window, a screenshot of the last
 * screen (named ...-FAILED.png when the test failed), and the window closed afterwards.
 */
export function e2e(name, options, body) {
  if (typeof options === "function") {
    body = options;
    options = {};
  }
  test(name, { timeout: options.timeout ?? 240_000 }, async () => {
    const app = await startApp(name, options);
    let failed = false;
    try {
      await body(app);
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      await app.shot(failed ? "FAILED" : "last").catch(() => {});
      await app.browser.deleteSession().catch(() => {});
    }
  });
}

/**
 * Starts another app window inside a test, e.g. after the first one was killed. `dataDir`: start on
 * that data directory as it is (the same vault: a restart); give the new window its own `name` so
 * its screenshots do not replace the first one's. The caller deletes its session when done.
 */
export const launchApp = (name, options) => startApp(name, options);

async function startApp(name, { idleSeconds, env: extraEnv = {}, dataFrom, dataDir: reuseDataDir } = {}) {
  const id = slug(name);
  const dir = path.join(runDir, id);
  const dataDir = reuseDataDir ?? path.join(dir, "data");
  const viewerLog = path.join(dir, "viewer.log");
  const viewer = path.join(dir, "fake-viewer.sh");
  await mkdir(dir, { recursive: true });
  await mkdir(dataDir, { recursive: true });
  await mkdir(screenshotDir, { recursive: true });
  // `dataFrom`: a prepared data directory (e.g. from `confidant demo`), copied so the test starts on it.
  if (dataFrom) await cp(dataFrom, dataDir, { recursive: true });

  // Instead of opening a PDF viewer, record which file the app asked to open and whether it was a PDF.
  await writeFile(
    viewer,
    [
      "#!/bin/sh",
      `f="$1"`,
      `magic=$(head -c 5 "$f" 2>/dev/null)`,
      `printf '%s\\t%s\\n' "$f" "$magic" >> ${shellQuote(viewerLog)}`,
      "",
    ].join("\n"),
  );
  await chmod(viewer, 0o755);

  // The user's folder in memory ($XDG_RUNTIME_DIR): the print spool and the web view's files go
  // there. Each test has its own stand-in, so what the app leaves in it can be checked.
  const runtimeDir = extraEnv.XDG_RUNTIME_DIR ?? path.join(dir, "runtime");
  await mkdir(runtimeDir, { recursive: true, mode: 0o700 });
  const env = {
    CONFIDANT_DATA_DIR: dataDir,
    CONFIDANT_VIEWER: viewer,
    XDG_RUNTIME_DIR: runtimeDir,
  };
  if (idleSeconds !== undefined) env.CONFIDANT_TEST_IDLE_SECONDS = String(idleSeconds);
  Object.assign(env, extraEnv);
  await writeFile(
    envFile,
    Object.entries(env)
      .map(([k, v]) => `export ${k}=${shellQuote(v)}\n`)
      .join("") + (idleSeconds === undefined ? "unset CONFIDANT_TEST_IDLE_SECONDS\n" : ""),
  );

  const browser = await remote({
    hostname: "127.0.0.1",
    port: driverPort,
    logLevel: "error",
    connectionRetryTimeout: 120_000,
    connectionRetryCount: 1,
    capabilities: {
      "tauri:options": { application: launcher },
      "wdio:enforceWebDriverClassic": true,
    },
  });

  let shots = 0;
  const app = {
    browser,
    dir,
    dataDir,
    runtimeDir,
    viewerLog,
    /** Where printed documents wait for the viewer: this vault's spool in the folder in memory. */
    async spoolDir() {
      const name = (await readdir(runtimeDir)).find((n) => n.startsWith("confidant-spool-"));
      if (!name) throw new Error(`no print spool in ${runtimeDir}`);
      return path.join(runtimeDir, name);
    },
    /** The element with this data-testid. */
    el: (testid) => browser.$(`[data-testid="${testid}"]`),
    async shot(label) {
      shots += 1;
      const file = path.join(screenshotDir, `${id}--${String(shots).padStart(2, "0")}-${slug(label)}.png`);
      await writeFile(file, await app.capture());
      return file;
    },
    /** A PNG of the window as it is on the display, once the page has painted its latest changes. */
    async capture() {
      await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const [pid] = await appPids(dataDir);
      if (pid === undefined) throw new Error(`no confidant process runs on ${dataDir}`);
      return captureWindow(pid);
    },
    async waitFor(testid, timeout = QUICK) {
      const el = app.el(testid);
      await el.waitForDisplayed({ timeout, timeoutMsg: `"${testid}" did not appear within ${timeout} ms` });
      return el;
    },
    async click(testid, timeout = QUICK) {
      const el = app.el(testid);
      await el.waitForEnabled({ timeout, timeoutMsg: `"${testid}" did not become enabled within ${timeout} ms` });
      await el.click();
    },
    async type(testid, text) {
      const el = await app.waitFor(testid);
      await el.clearValue();
      await el.setValue(text);
    },
    async bodyText() {
      return browser.execute(() => document.body.innerText);
    },
    /** Calls a backend command straight from the page, as a malicious or buggy page could. */
    async invokeRaw(command, args = {}) {
      // The arguments travel as JSON text (WebKitWebDriver refuses a plain object argument), and the
      // answer must not have an `error` key: webdriverio would take it for a WebDriver error.
      const answer = await browser.executeAsync(
        (cmd, argsJson, done) => {
          window.__TAURI_INTERNALS__.invoke(cmd, JSON.parse(argsJson)).then(
            (value) => done({ ok: true, result: value ?? null }),
            (rejection) => done({ ok: false, rejection }),
          );
        },
        command,
        JSON.stringify(args),
      );
      return answer.ok ? { ok: true, value: answer.result } : { ok: false, error: answer.rejection };
    },
    /** The process ids of this test's app (the `confidant` binary running on its data directory). */
    async pids() {
      return appPids(dataDir);
    },
    /** SIGKILLs this test's app process, as a crash or a power cut would end it, and waits until it is gone. */
    async killHard() {
      const pids = await appPids(dataDir);
      if (pids.length === 0) throw new Error(`no confidant process runs on ${dataDir}`);
      for (const pid of pids) process.kill(pid, "SIGKILL");
      const deadline = Date.now() + QUICK;
      while ((await appPids(dataDir)).length > 0) {
        if (Date.now() > deadline) throw new Error("the app survived SIGKILL");
        await new Promise((r) => setTimeout(r, 100));
      }
      // The WebDriver session died with it; dropping it may fail or take a moment.
      await Promise.race([browser.deleteSession().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
      return pids;
    },
    async viewerEntries() {
      if (!existsSync(viewerLog)) return [];
      const text = await readFile(viewerLog, "utf8");
      return text
        .split("\n")
        .filter((l) => l.length > 0)
        .map((l) => {
          const [file, magic] = l.split("\t");
          return { file, magic };
        });
    },
  };
  return app;
}

/**
 * The `confidant` processes whose environment names this data directory. Only the app binary counts
 * (its web processes inherit the environment but are not the app), and nothing of another run matches.
 */
async function appPids(dataDir) {
  const wanted = `CONFIDANT_DATA_DIR=${dataDir}`;
  const bin = process.env.CONFIDANT_BIN;
  const out = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const exe = await readlink(`/proc/${entry}/exe`);
      if (path.basename(exe.replace(/ \(deleted\)$/, "")) !== path.basename(bin ?? "confidant")) continue;
      const environ = (await readFile(`/proc/${entry}/environ`, "latin1")).split("\0");
      if (environ.includes(wanted)) out.push(Number(entry));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return out;
}

// ---- Flows shared by several tests ----

/** Sets an input's value the way typing does (date and time inputs type differently between engines). */
export async function setInput(app, testid, value) {
  const el = await app.waitFor(testid);
  await app.browser.execute(
    (node, v) => {
      const proto = node instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(proto, "value").set.call(node, v);
      node.dispatchEvent(new Event("input", { bubbles: true }));
      node.dispatchEvent(new Event("change", { bubbles: true }));
    },
    el,
    value,
  );
}

/** Creates a vault through the welcome screen; returns the recovery key shown once. */
export async function createVault(app, passphrase = PASSPHRASE, { keepGoing = true } = {}) {
  await app.waitFor("welcome", SLOW);
  await app.type("new-passphrase", passphrase);
  await app.type("confirm-passphrase", passphrase);
  await app.click("create-vault");
  await app.waitFor("recovery-key-screen", SLOW);
  const recoveryKey = await readRecoveryKey(app);
  if (keepGoing) await finishRecoveryStep(app);
  return recoveryKey;
}

/** The recovery key as shown on screen, its groups joined with dashes. */
export async function readRecoveryKey(app) {
  const groups = await app.browser.$$('[data-testid="recovery-key"] li').map((li) => li.getText());
  return groups.map((g) => g.trim()).join("-");
}

export async function finishRecoveryStep(app) {
  await app.click("kept-sheet");
  await app.click("continue");
  await app.waitFor("home", SLOW);
}

export async function lockWithButton(app) {
  await app.click("lock");
  await app.waitFor("unlock-screen");
}

export async function unlockWith(app, passphrase) {
  await app.type("passphrase", passphrase);
  // A previous failure may make the backend ask for a short wait; the button says so and re-enables.
  await app.click("unlock", SLOW);
}

/** On a client's page: records today's signature of the informed consent, as before a first note. */
export async function signInformedConsent(app) {
  await app.click("record-signature");
  await app.waitFor("record-signature-form");
  await app.click("signature-save");
  await app.browser.waitUntil(
    async () => (await app.el("consent-item").getAttribute("data-state")) === "signed",
    { timeout: QUICK, timeoutMsg: "the informed consent was not recorded as signed" },
  );
}

/** A complete practice profile, by field, as a print dialog asks for what its forms print. */
export const PRACTICE = {
  practiceName: "Willow Creek Perinatal Counseling",
  therapistName: "Dr. Maren Holloway",
  credentials: "PhD, LPC",
  address: "410 Alder Street, Suite 3, Columbia, MO 65201",
  phone: "(573) 555-0143",
  email: "office@willowcreek.example",
  website: "willowcreek.example",
  afterHours: "I reply to messages on weekdays, within one business day.",
  crisisInstructions: "In an emergency call 911; in a crisis call or text 988.",
  sessionFee: "$180 for a 50-minute session",
  cancellationFee: "$90",
  boardName: "Missouri Committee for Professional Counselors",
  boardAddress: "3605 Missouri Boulevard, Jefferson City, MO 65109",
  boardPhone: "(573) 555-0170",
  boardWebsite: "pr.mo.gov",
};
export const LICENSE = { credential: "LPC", number: "2019012345", state: "MO" };

/**
 * Fills in every practice detail a print dialog asks for (its "profile first" section), from
 * `values` by field; returns the fields it asked for. Fails on a field the test has no value for.
 */
export async function fillProfileNeeds(app, values = PRACTICE) {
  await app.waitFor("profile-needs");
  const asked = await app.browser.execute(() =>
    [...document.querySelectorAll('[data-testid="profile-needs"] [data-testid^="field-"]')].map((el) => el.dataset.testid.slice("field-".length)),
  );
  for (const field of asked) {
    if (!(field in values)) throw new Error(`the print dialog asks for “${field}”, which the test has no value for`);
    await setInput(app, `field-${field}`, values[field]);
  }
  if (await app.el("needs-licenses").isExisting()) {
    await app.type("license-credential", LICENSE.credential);
    await app.type("license-number", LICENSE.number);
    await app.type("license-state", LICENSE.state);
    asked.push("licenses");
  }
  return asked;
}

const axeSource = readFileSync(path.join(here, "..", "node_modules", "axe-core", "axe.min.js"), "utf8");

/**
 * Runs axe-core (WCAG 2.1 A and AA rules) on the current screen and returns its serious and
 * critical violations as readable lines ("rule: what (where)"), empty when there are none.
 */
export async function accessibilityProblems(app) {
  await app.browser.execute(`${axeSource}; return true;`);
  const found = await app.browser.executeAsync((done) => {
    window.axe
      .run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] })
      .then((r) => done(JSON.stringify(r.violations)))
      .catch((e) => done(JSON.stringify([{ id: "axe-failed", impact: "critical", help: String(e), nodes: [] }])));
  });
  return JSON.parse(found)
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
}

/** A date as the app's date fields take it (YYYY-MM-DD, local time). */
export const localIso = (d) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

/** Today plus `days` (negative: in the past), as YYYY-MM-DD. */
export function daysFromToday(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return localIso(d);
}

/**
 * Adds a client through the form, as she would: the legal name, the date of birth and any other
 * fields given by their testid, then waits for her page.
 */
export async function addClientInForm(app, legalName, { dateOfBirth = "1990-01-15", fields = {} } = {}) {
  await app.click("go-clients");
  await app.waitFor("clients");
  await app.click("add-client");
  await app.waitFor("client-form");
  await app.type("field-legalName", legalName);
  await setInput(app, "field-dateOfBirth", dateOfBirth);
  for (const [testid, value] of Object.entries(fields)) await app.type(testid, value);
  await app.click("save-client");
  await app.waitFor("client-page", SLOW);
}

/**
 * An active client made through the backend (for tests about something else), optionally with
 * today's signature of the informed consent so that notes can follow. Returns the client.
 */
export async function createClient(app, draft, { consented = false } = {}) {
  const client = await invokeOk(app, "client_create", { draft, status: "active", confirmDuplicate: false });
  if (consented) {
    await invokeOk(app, "consent_record", {
      signature: { clientId: client.id, kind: "informed_consent", version: 1, signedOn: daysFromToday(0), signedBy: "client" },
    });
  }
  return client;
}

/** Calls a backend command from the page (setting up what another test drives through the window); fails the test if refused. */
export async function invokeOk(app, command, args) {
  const answer = await app.invokeRaw(command, args);
  if (!answer.ok) throw new Error(`${command}: ${JSON.stringify(answer.error)}`);
  return answer.value;
}

/** The process and all its descendants (WebKit's web and network processes are children of the app). */
export async function withDescendants(rootPid) {
  const parentOf = new Map();
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, "utf8");
      // The command name may hold spaces and parentheses: the fields after the last ")" are fixed.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      // Gone meanwhile.
    }
  }
  const found = [rootPid];
  for (let i = 0; i < found.length; i++) {
    for (const [pid, ppid] of parentOf) if (ppid === found[i]) found.push(pid);
  }
  return found;
}
