import assert from "node:assert/strict";
import { e2e, createClient, createVault, SLOW, daysFromToday, invokeOk } from "./lib/app.mjs";

/** Sets up through the real commands, as the window would (each screen has its own test). */

e2e("Today lists her sessions with what she needs at hand, the alerts, and what waits; each is one click away", async (app) => {
  await createVault(app);
  const draft = {
    legalName: "Henrietta Vasquez",
    dateOfBirth: "1990-08-14",
    contact: { phone: "573 555 0142", voicemailOk: false, textOk: true, email: "", emailOk: false, address: "" },
    telehealthLocation: { state: "MO", city: "Columbia" },
  };
  const client = await createClient(app, draft);
  for (const [date, start] of [[daysFromToday(0), "23:00"], [daysFromToday(1), "09:30"]]) {
    await invokeOk(app, "session_create", {
      clientId: client.id,
      fields: { date, startTime: start, endTime: start === "23:00" ? "23:50" : "10:20", kind: "individual", modality: "video", attendance: "scheduled" },
    });
  }
  // An EPDS with item 10 above 0: the alert must be on Today too.
  const answers = [0, 0, 3, 0, 3, 3, 3, 3, 3, 2];
  await invokeOk(app, "measure_record", { measure: { clientId: client.id, kind: "epds", takenOn: daysFromToday(0), answers } });

  await app.click("go-home");
  await app.waitFor("home");
  const sessions = await app.waitFor("today-sessions");
  const rows = await app.browser.$$('[data-testid="appointment"]');
  assert.equal(rows.length, 2, "today's and tomorrow's sessions");
  const first = await rows[0].getText();
  assert.match(first, /23:00–23:50/);
  assert.match(first, /Henrietta Vasquez/);
  assert.match(first, /she will be in Columbia, MO/);
  assert.match(first, /No voicemail/);
  assert.match(await sessions.getText(), /Tomorrow/);
  assert.match(await (await app.waitFor("today-alert")).getText(), /self-harm/);
  assert.match(await (await app.waitFor("today-consent")).getText(), /Henrietta Vasquez[\s\S]*not signed/);
  await app.shot("today");

  // One click from where it is dealt with.
  await (await app.waitFor("today-consent")).$("button").click();
  await app.waitFor("client-page", SLOW);
  await app.waitFor("consent-panel");
  await app.waitFor("measure-alert");

  // Discreet mode: Today names nobody.
  await app.click("go-home");
  await app.waitFor("today-sessions");
  await app.click("discreet-toggle");
  await app.browser.waitUntil(async () => !(await app.bodyText()).includes("Henrietta"), {
    timeout: SLOW,
    timeoutMsg: "Today still shows her name in discreet mode",
  });
  await app.browser.waitUntil(async () => /H\.V\./.test(await app.bodyText()), {
    timeout: SLOW,
    timeoutMsg: "Today does not show her initials in discreet mode",
  });
  await app.shot("today-discreet");
});
