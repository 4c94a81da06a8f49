import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { e2e, accessibilityProblems, createClient, createVault, invokeOk, lockWithButton, PASSPHRASE, SLOW } from "./lib/app.mjs";

/**
 * The professional will (docs/DOMAIN.md section 13) through the window: she names her custodian and
 * prints the packet; locked, the custodian opens the vault with the key read off that paper, sees
 * the banner and her home, prints the letters to clients, and cannot edit a note.
 */

const pdfLines = (file) =>
  execFileSync("pdftotext", [file, "-"], { encoding: "utf8" })
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

/** The spooled PDF whose name starts with `prefix`, once it is there. */
async function spooled(app, prefix) {
  let found = null;
  await app.browser.waitUntil(
    async () => {
      const dir = await app.spoolDir().catch(() => null);
      const name = dir && (await readdir(dir)).find((n) => n.startsWith(prefix));
      found = name ? path.join(dir, name) : null;
      return found !== null;
    },
    { timeout: SLOW, timeoutMsg: `nothing named ${prefix}* was printed` },
  );
  return found;
}

async function noAccessibilityProblems(app, screen) {
  const problems = await accessibilityProblems(app);
  assert.deepEqual(problems, [], `${screen}:\n${problems.join("\n")}`);
}

e2e("the custodian opens the vault with the key from her packet, sees the banner and her home, prints letters and cannot edit a note", { timeout: 420_000 }, async (app) => {
  await createVault(app);
  const client = await createClient(app, {
      legalName: "Henrietta Vasquez-Lowe",
      dateOfBirth: "1989-02-03",
      contact: { phone: "(573) 555-0142", voicemailOk: false, textOk: true, email: "", emailOk: false, address: "" },
    }, { consented: true });
  const session = await invokeOk(app, "session_create", {
    clientId: client.id,
    fields: { date: "2026-01-05", startTime: "10:00", endTime: "10:50", attendance: "attended" },
  });
  const note = await invokeOk(app, "note_create", { note: { clientId: client.id, sessionId: session.id, kind: "progress", template: "free_text", date: "" } });
  await invokeOk(app, "note_save_draft", { id: note.id, content: { template: "free_text", sections: ["Slept better this week."] }, expectedRevision: null });

  // Today: no custodian yet.
  await app.waitFor("home-will-reminder", SLOW);

  // Settings → Professional will: the custodian and where things are kept, then the packet.
  await app.click("open-settings");
  const panel = await app.waitFor("will-settings");
  await app.type("field-custodianName", "Dr. Robin Marsh");
  await app.type("field-custodianLicense", "LPC 2019-0456, Missouri");
  await app.type("field-custodianContact", "(573) 555-0199");
  await app.type("field-laptopLocation", "the grey cabinet in the home office");
  await app.type("field-backupsLocation", "the blue USB drive in the safe-deposit box");
  await app.click("will-save");
  await app.waitFor("will-saved");
  await app.type("will-passphrase", PASSPHRASE);
  await app.click("will-print-packet", SLOW);
  await app.waitFor("will-key-message", SLOW);
  assert.match(await (await app.waitFor("will-key-status")).getText(), /Custodian key issued/);
  await panel.scrollIntoView({ block: "start" });
  await app.shot("will-settings");
  await noAccessibilityProblems(app, "Settings, professional will");

  // The packet as the custodian reads it: the key's three rows under their heading, no client.
  const packet = pdfLines(await spooled(app, "custodian-packet-"));
  assert.ok(!packet.join(" ").includes("Henrietta"), "no client's name in the packet");
  const at = packet.indexOf("The custodian key");
  assert.ok(at > 0, `the packet holds the key:\n${packet.join("\n")}`);
  const key = packet.slice(at + 1, at + 4).join(" ");

  // Locked; the custodian opens it with that key.
  await lockWithButton(app);
  await app.click("custodian-toggle");
  await app.shot("unlock-custodian");
  await noAccessibilityProblems(app, "unlock, custodian");
  await app.type("passphrase", key);
  await app.click("unlock", SLOW);
  await app.waitFor("custodian-home", SLOW);
  assert.match(await app.el("custodian-banner").getText(), /Custodian mode/);
  const row = await app.waitFor("custodian-client");
  assert.match(await row.getText(), /Henrietta Vasquez-Lowe/);
  assert.match(await row.getText(), /do not leave a voicemail/);
  await app.shot("custodian-home");
  await noAccessibilityProblems(app, "custodian home");

  // The letters, all as one PDF through the spool.
  await app.click("custodian-print-all");
  await app.waitFor("custodian-printed", SLOW);
  const letters = pdfLines(await spooled(app, "client-letters-")).join(" ");
  assert.match(letters, /Dear Henrietta Vasquez-Lowe,/);

  // Her page and the draft note: the banner on every screen, the note to read, not to edit; an
  // edit sent anyway is refused by the core.
  await app.click("go-clients");
  await app.click("client-row");
  await app.waitFor("client-page", SLOW);
  assert.match(await app.el("custodian-banner").getText(), /Custodian mode/);
  await app.click("open-note");
  await app.waitFor("note-page", SLOW);
  assert.match(await (await app.waitFor("note-readonly")).getText(), /Slept better this week\./);
  assert.match(await app.el("custodian-read-only").getText(), /a draft, never signed.*cannot change, sign or add to it/);
  for (const control of ["note-section-text", "sign-note", "addendum-text", "status-choice"]) {
    assert.equal(await app.el(control).isExisting(), false, `the custodian is offered ${control}`);
  }
  await app.shot("custodian-note-read-only");
  await noAccessibilityProblems(app, "a note, read by the custodian");
  const refused = await app.invokeRaw("note_save_draft", {
    id: note.id,
    content: { template: "free_text", sections: ["Changed by someone else."] },
    expectedRevision: null,
  });
  assert.equal(refused.ok, false, "the core saved the custodian's edit");
  assert.match(refused.error.message, /records custodian, who cannot edit notes/);

  // The audit trail holds the custodian's unlock (read as the therapist, after locking).
  await lockWithButton(app);
  await app.type("passphrase", PASSPHRASE);
  await app.click("unlock", SLOW);
  await app.waitFor("home", SLOW);
  assert.equal(await app.el("custodian-banner").isExisting(), false, "her own opening is not custodian mode");
});
