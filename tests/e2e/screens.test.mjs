import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { e2e, accessibilityProblems, invokeOk, launchApp, lockWithButton, unlockWith, withDescendants, SLOW } from "./lib/app.mjs";

/**
 * Every main screen of the real app on a demo practice (fictional clients), in the light and the
 * dark theme: axe-core finds no serious or critical accessibility problem on any of them, and
 * each is saved as `screen-<theme>-<name>.png` for the README.
 */

function demoPractice(dir) {
  const out = spawnSync(process.env.CONFIDANT_BIN, ["demo", "--data-dir", dir, "--clients", "40"], { encoding: "utf8", timeout: 180_000 });
  assert.equal(out.status, 0, out.stderr);
  return out.stdout.trim().split("passphrase: ").pop();
}

/** Visits each screen; returns the problems found, by screen. */
async function tour(app, theme) {
  const problems = [];
  const check = async (name) => {
    await app.browser.pause(150); // let the screen settle (fonts, async loads)
    const found = await accessibilityProblems(app);
    if (found.length > 0) problems.push(`${theme} ${name}:\n  ${found.join("\n  ")}`);
    await app.shot(`screen-${theme}-${name}`);
  };

  await app.waitFor("unlock-screen", SLOW);
  // The checker itself must catch a real problem: an image without a text alternative.
  await app.browser.execute(() => {
    const img = document.createElement("img");
    img.id = "axe-canary";
    img.src = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";
    document.body.append(img);
  });
  const canary = await accessibilityProblems(app);
  assert.ok(canary.some((p) => p.startsWith("image-alt")), `axe must report the canary image: ${canary}`);
  await app.browser.execute(() => document.getElementById("axe-canary")?.remove());
  await check("unlock");
  await unlockWith(app, app.passphrase);
  await app.waitFor("today-sessions", SLOW);
  await check("today");

  await app.click("go-schedule");
  await app.waitFor("schedule-grid", SLOW);
  await check("schedule");

  await app.click("go-clients");
  await app.waitFor("client-row");
  await check("clients");

  // The demo's first active client with notes: her page, then a note.
  await app.browser.$('[data-testid="client-row"]').click();
  await app.waitFor("client-page", SLOW);
  await app.waitFor("timeline");
  await check("client");
  await app.browser.$('[data-testid="open-note"]').click();
  await app.waitFor("note-page", SLOW);
  await check("note");

  await app.click("go-income");
  await app.waitFor("income-table");
  await check("income");

  await app.click("go-forms");
  await app.waitFor("forms-page");
  await check("forms");

  await app.click("open-settings");
  await app.waitFor("notes-settings");
  await check("settings");

  await app.click("open-help");
  await app.waitFor("help-page");
  await check("help");

  // The professional will's screens: the custodian's way in, and her home with its banner.
  await invokeOk(app, "will_save", {
    details: { custodianName: "Dr. Robin Marsh", custodianLicense: "LPC 2019-0456, Missouri", custodianContact: "(573) 555-0199", laptopLocation: "the office", backupsLocation: "the bank" },
  });
  await invokeOk(app, "will_print_packet", { passphrase: app.passphrase });
  const spool = await app.spoolDir();
  const packet = path.join(spool, (await readdir(spool)).find((n) => n.startsWith("custodian-packet-")));
  const lines = execFileSync("pdftotext", [packet, "-"], { encoding: "utf8" }).split("\n").map((l) => l.trim()).filter(Boolean);
  const at = lines.indexOf("The custodian key");
  await lockWithButton(app);
  await app.click("custodian-toggle");
  await check("unlock-custodian");
  await unlockWith(app, lines.slice(at + 1, at + 4).join(" "));
  await app.waitFor("custodian-client", SLOW);
  await check("custodian-home");
  return problems;
}

for (const theme of ["light", "dark"]) {
  e2e(`every main screen in the ${theme} theme has no serious accessibility problem`, { timeout: 360_000 }, async (first) => {
    const demoDir = path.join(first.dir, "demo");
    const passphrase = demoPractice(demoDir);
    await first.browser.deleteSession().catch(() => {});
    // GTK's dark variant makes the web view report prefers-color-scheme: dark, as a dark desktop does.
    const env = theme === "dark" ? { GTK_THEME: "Adwaita:dark" } : { GTK_THEME: "Adwaita" };
    const app = await launchApp(`screens ${theme}`, { dataFrom: demoDir, env });
    app.passphrase = passphrase;
    try {
      const dark = await app.browser.execute(() => window.matchMedia("(prefers-color-scheme: dark)").matches);
      assert.equal(dark, theme === "dark", `the window should be in the ${theme} theme`);
      assert.deepEqual(await webProcessRendering(app), ["WEBKIT_DISABLE_COMPOSITING_MODE=1", "WEBKIT_DISABLE_DMABUF_RENDERER=1"]);
      const problems = await tour(app, theme);
      assert.deepEqual(problems, [], problems.join("\n"));
    } finally {
      await app.browser.deleteSession().catch(() => {});
    }
  });
}

/** The rendering settings the app gave its web process (src-tauri/src/platform/linux/rendering.rs), from its environment. */
async function webProcessRendering(app) {
  const [pid] = await app.pids();
  for (const child of await withDescendants(pid)) {
    if (!(await readFile(`/proc/${child}/comm`, "utf8")).startsWith("WebKitWebProces")) continue;
    const environment = (await readFile(`/proc/${child}/environ`, "latin1")).split("\0");
    return environment.filter((v) => v.startsWith("WEBKIT_DISABLE_")).sort();
  }
  throw new Error("no WebKit web process among the app's processes");
}
