import assert from "node:assert/strict";
import { e2e, createVault, lockWithButton, SLOW, QUICK, setInput, daysFromToday, localIso } from "./lib/app.mjs";

// ---- Helpers ----

const yearsFromToday = (years) => {
  const d = new Date();
  d.setFullYear(d.getFullYear() + years);
  return localIso(d);
};
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const longDate = (s) => {
  const [y, m, d] = s.split("-");
  return `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`;
};

async function setChecked(app, testid, on) {
  const el = await app.waitFor(testid);
  // Clear of the sticky Save bar at the bottom of the form.
  await el.scrollIntoView({ block: "center" });
  if ((await el.isSelected()) !== on) await el.click();
}

async function openClients(app) {
  await app.click("go-clients");
  await app.waitFor("clients");
}

/** Adds a client through the form; returns when her page is shown. */
async function addClient(app, c, { expectDual = false } = {}) {
  await openClients(app);
  await app.click("add-client");
  await app.waitFor("client-form");
  await app.type("field-legalName", c.legalName);
  if (c.preferredName) await app.type("field-preferredName", c.preferredName);
  if (c.alias) await app.type("field-alias", c.alias);
  await setInput(app, "field-dateOfBirth", c.dateOfBirth);
  if (c.phone) await app.type("field-contact.phone", c.phone);
  if (c.email) await app.type("field-contact.email", c.email);
  await app.click("save-client");
  if (!expectDual) await app.waitFor("client-page", SLOW);
}

async function clientCode(app) {
  const text = await (await app.waitFor("client-header")).getText();
  const m = /C\d{4,}/.exec(text);
  assert.ok(m, `the client header shows no code: ${text}`);
  return m[0];
}

async function rowNames(app) {
  return app.browser.$$('[data-testid="client-row-name"]').map((el) => el.getText());
}

/** Chooses a file in the page's file input, as picking it in the file dialog does. */
async function chooseCsv(app, name, text) {
  const input = await app.el("csv-file");
  await input.waitForExist({ timeout: QUICK });
  await app.browser.execute(
    (node, fileName, content) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([content], fileName, { type: "text/csv" }));
      node.files = transfer.files;
      node.dispatchEvent(new Event("change", { bubbles: true }));
    },
    input,
    name,
    text,
  );
}

// ---- Tests ----

e2e("adding a client, finding her by search, editing her and discharging her shows the retention date", async (app) => {
  await createVault(app);
  await openClients(app);
  const empty = await app.waitFor("clients-empty");
  assert.match(await empty.getText(), /No clients yet/);
  assert.match(await empty.getText(), /Add your first client/);
  await app.shot("empty-list");

  // Nothing typed: every problem is shown next to its field at once, nothing saved.
  await app.click("add-client");
  await app.waitFor("client-form");
  await app.type("field-contact.email", "maggie@example");
  await app.click("save-client");
  await app.waitFor("error-legalName");
  await app.waitFor("error-dateOfBirth");
  await app.waitFor("error-contact.email");
  await app.el("form-error").scrollIntoView({ block: "start" });
  await app.shot("form-errors");

  // She fixes them; what she typed before is still there.
  assert.equal(await app.el("field-contact.email").getValue(), "maggie@example", "the form lost what she typed");
  await app.type("field-legalName", "Marguerite Ellsworth");
  await app.type("field-pronouns", "she/her");
  await setInput(app, "field-dateOfBirth", "1991-04-17");
  await app.type("field-contact.email", "maggie@example.com");
  await app.type("field-contact.phone", "(573) 555-0142");
  await setChecked(app, "field-contact.textOk", true);
  await app.el("field-perinatal.status").selectByAttribute("value", "pregnant");
  // 112 days before the due date she is 24 weeks pregnant (280 − 112 = 168 days).
  await setInput(app, "field-perinatal.dueDate", daysFromToday(112));
  await app.click("save-client");
  await app.waitFor("client-page", SLOW);
  await app.shot("client-page");

  assert.equal(await app.el("client-name").getText(), "Marguerite Ellsworth");
  assert.equal(await app.el("perinatal-line").getText(), "24 weeks pregnant");
  const cautions = await app.browser.$$('[data-testid="client-header"] [data-testid="comm-caution"]').map((e) => e.getText());
  assert.ok(cautions.some((t) => t.includes("No voicemail")), `"No voicemail" must be prominent in the header: ${cautions}`);
  assert.match(await app.el("client-facts").getText(), /she\/her/);
  assert.equal(await app.browser.getTitle(), "Marguerite Ellsworth — Confidant");
  const code = await clientCode(app);

  // Search as she types: by part of the surname, by phone digits, and nothing for a stranger.
  await app.click("back-to-clients");
  await app.waitFor("clients");
  await app.type("client-search", "ellsw");
  await app.browser.waitUntil(async () => (await rowNames(app)).join("|") === "Marguerite Ellsworth", {
    timeout: QUICK,
    timeoutMsg: "searching 'ellsw' did not find her",
  });
  await app.type("client-search", "555-0142");
  await app.browser.waitUntil(async () => (await rowNames(app)).length === 1, { timeout: QUICK, timeoutMsg: "no match by phone" });
  await app.type("client-search", "Whitaker");
  await app.waitFor("clients-empty");
  await app.type("client-search", "Marg");
  await app.browser.waitUntil(async () => (await rowNames(app)).length === 1, { timeout: QUICK, timeoutMsg: "no match by name" });
  const row = await app.el("client-row");
  const rowText = await row.getText();
  assert.match(rowText, new RegExp(code));
  assert.match(rowText, /24 weeks pregnant/);
  assert.match(rowText, /No voicemail/);
  assert.match(rowText, /Texts OK/);
  await app.shot("search");
  await row.click();
  await app.waitFor("client-page");

  // Edit: a preferred name and voicemail allowed.
  await app.click("edit-client");
  await app.waitFor("client-form");
  assert.equal(await app.el("field-legalName").getValue(), "Marguerite Ellsworth");
  await app.type("field-preferredName", "Daisy");
  await setChecked(app, "field-contact.voicemailOk", true);
  await app.click("save-client");
  await app.waitFor("client-page", SLOW);
  assert.equal(await app.el("client-name").getText(), "Marguerite Ellsworth (Daisy)");
  assert.match(await app.el("client-communication").getText(), /Voicemail OK/);

  // Discharge today: the record is kept 7 years.
  await app.click("discharge");
  await app.waitFor("discharge-dialog");
  await app.shot("discharge-dialog");
  await app.click("confirm-discharge");
  const notice = await app.waitFor("client-notice", SLOW);
  const until = longDate(yearsFromToday(7));
  assert.match(await notice.getText(), new RegExp(`kept until ${until}`));
  assert.equal(await app.el("retention-date").getText(), until);
  assert.match(await app.el("client-header").getText(), /Discharged/);
  await app.shot("discharged");
});

e2e("discreet mode shows initials in the list, the client's header and the window title, and her name nowhere", async (app) => {
  await createVault(app);
  await addClient(app, { legalName: "Marguerite Ellsworth", dateOfBirth: "1991-04-17", phone: "573 555 0142" });
  await addClient(app, { legalName: "Rosalind Oyelaran", alias: "Rose O.", dateOfBirth: "1988-11-02" });

  await app.click("discreet-toggle");
  await app.browser.waitUntil(async () => (await app.el("client-name").getText()) === "Rose O.", {
    timeout: QUICK,
    timeoutMsg: "the header still shows her name after discreet mode was turned on",
  });
  assert.equal(await app.browser.getTitle(), "Rose O. — Confidant");

  await openClients(app);
  await app.browser.waitUntil(async () => (await rowNames(app)).length === 2, { timeout: QUICK, timeoutMsg: "list not shown" });
  assert.deepEqual((await rowNames(app)).sort(), ["M.E.", "Rose O."]);
  await app.shot("discreet-list");

  await app.type("client-search", "ellsworth");
  await app.browser.waitUntil(async () => (await rowNames(app)).join() === "M.E.", {
    timeout: QUICK,
    timeoutMsg: "search in discreet mode must find her and show initials",
  });
  await app.el("client-row").click();
  await app.waitFor("client-page");
  await app.browser.waitUntil(async () => (await app.el("client-name").getText()) === "M.E.", { timeout: QUICK });
  assert.equal(await app.browser.getTitle(), "M.E. — Confidant");
  await app.waitFor("details-hidden");
  await app.shot("discreet-client");

  for (const name of ["Marguerite", "Ellsworth", "Rosalind", "Oyelaran"]) {
    const text = await app.bodyText();
    const html = await app.browser.execute(() => document.documentElement.outerHTML);
    assert.ok(!text.includes(name), `"${name}" is on screen in discreet mode:\n${text}`);
    assert.ok(!html.includes(name), `"${name}" is in the page's HTML in discreet mode`);
    assert.ok(!(await app.browser.getTitle()).includes(name), `"${name}" is in the window title`);
  }

  // She may look on purpose; turning discreet mode off shows the name again.
  await app.click("show-details");
  await app.waitFor("client-details");
  assert.match(await app.bodyText(), /Marguerite Ellsworth/);
  await app.click("discreet-toggle");
  await app.browser.waitUntil(async () => (await app.el("client-name").getText()) === "Marguerite Ellsworth", { timeout: QUICK });
  assert.equal(await app.browser.getTitle(), "Marguerite Ellsworth — Confidant");

  // Locked from her page: the title and the screen forget her.
  await lockWithButton(app);
  assert.equal(await app.browser.getTitle(), "Confidant");
  const html = await app.browser.execute(() => document.documentElement.outerHTML);
  assert.ok(!html.includes("Ellsworth") && !html.includes("M.E."), "the locked screen still holds something of her");
});

e2e("discreet mode empties the header's search box and never leaves a name in it", async (app) => {
  await createVault(app);
  await addClient(app, { legalName: "Zephyrine Halloran", dateOfBirth: "1990-06-01" });
  const boxValue = () => app.el("search-box").getValue();
  const emptied = (why) => app.browser.waitUntil(async () => (await boxValue()) === "", { timeout: QUICK, timeoutMsg: why });

  // She found her by name: the name stays in the box on her page.
  await app.el("search-box").setValue("Zephyrine");
  await app.click("client-hit");
  await app.waitFor("client-page", SLOW);
  assert.equal(await boxValue(), "Zephyrine");
  await app.click("discreet-toggle");
  await emptied("turning discreet mode on left her name in the search box");
  await app.shot("discreet-search-emptied");

  // In discreet mode the box keeps a search only while its results are on screen.
  await app.el("search-box").setValue("Halloran");
  await app.waitFor("client-hit", SLOW);
  assert.equal(await boxValue(), "Halloran", "what she types stays while the results answer it");
  await app.click("client-hit");
  await app.waitFor("client-page", SLOW);
  await emptied("opening a result in discreet mode left the name in the search box");
});

e2e("a new client whose name matches an existing client's connection brings a dual-relationship warning", async (app) => {
  await createVault(app);
  await addClient(app, { legalName: "Hannah Brightwater", dateOfBirth: "1990-02-03" });
  const code = await clientCode(app);
  await app.click("add-connection");
  await app.waitFor("connection-form");
  await app.el("connection-kind").selectByAttribute("value", "spouse_partner");
  await app.type("connection-name", "Jordan Whitaker");
  await app.click("save-connection");
  await app.browser.waitUntil(async () => (await app.browser.$$('[data-testid="connection"]').length) === 1, {
    timeout: QUICK,
    timeoutMsg: "the connection was not added",
  });
  assert.match(await app.el("connection").getText(), /Spouse or partner: Jordan Whitaker/);

  await addClient(app, { legalName: "Jordan Whitaker", dateOfBirth: "1989-07-21" }, { expectDual: true });
  const dialog = await app.waitFor("dual-dialog", SLOW);
  const text = await dialog.getText();
  assert.match(text, /spouse or partner/, `the warning should say how they are connected: ${text}`);
  assert.match(text, new RegExp(code), "the warning should name the existing client's code");
  await app.shot("dual-warning");

  // A decision is required before saving anyway.
  await app.click("dual-save-anyway");
  assert.match(await dialog.getText(), /Write down what you decided/);
  await app.type("dual-decision", "Spoke with both, proceeding");
  await app.click("dual-save-anyway");
  await app.waitFor("client-page", SLOW);
  assert.equal(await app.el("client-name").getText(), "Jordan Whitaker");
  const decisions = await app.waitFor("dual-decisions");
  assert.match(await decisions.getText(), new RegExp(`Hannah Brightwater \\(${code}\\).*Spoke with both, proceeding`));
  await decisions.scrollIntoView({ block: "center" });
  await app.shot("decision-recorded");

  // Cancel leaves the form as it was, nothing saved.
  await addClient(app, { legalName: "Jordan Whitaker", dateOfBirth: "1975-01-01" }, { expectDual: true });
  await app.waitFor("dual-dialog", SLOW);
  await app.click("dual-cancel");
  assert.equal(await app.el("field-legalName").getValue(), "Jordan Whitaker");
  await openClients(app);
  await app.click("filter-all");
  await app.browser.waitUntil(async () => (await rowNames(app)).length === 2, {
    timeout: QUICK,
    timeoutMsg: "cancelling the warning must not save the client",
  });

  // The same name and date of birth again: the duplicate warning, then saved on confirmation.
  await addClient(app, { legalName: "Jordan Whitaker", dateOfBirth: "1989-07-21" }, { expectDual: true });
  await app.waitFor("dual-dialog", SLOW);
  await app.type("dual-decision", "A different person with the same name; checked her ID");
  await app.click("dual-save-anyway");
  const dup = await app.waitFor("duplicate-dialog", SLOW);
  assert.match(await dup.getText(), /same name and date of birth/);
  await app.shot("duplicate-warning");
  await app.click("duplicate-confirm");
  await app.waitFor("client-page", SLOW);
});

const BAD_CSV = [
  "Name,DOB,Phone,Email",
  "Alma Castellanos,1987-05-14,573-555-0101,alma@example.com",
  '"Beatriz Okafor",03/22/1992,573-555-0102,"bea@example.com"',
  "Corinne Vasquez-Lund,2099-01-01,573-555-0103,corinne@example.com",
  "=cmd|' /C calc'!A0,1990-01-01,573-555-0104,x@example.com",
  "Delphine Aragon,1979-12-30,555-01,delphine@example.com",
].join("\r\n");

const FIXED_CSV = [
  "Name,DOB,Phone,Email",
  "Alma Castellanos,1987-05-14,573-555-0101,alma@example.com",
  '"Beatriz Okafor",03/22/1992,573-555-0102,"bea@example.com"',
  "Corinne Vasquez-Lund,1999-01-01,573-555-0103,corinne@example.com",
  "Delphine Aragon,1979-12-30,573-555-0105,delphine@example.com",
].join("\r\n");

e2e("importing a CSV with bad rows shows every reason and imports nothing until they are fixed or skipped", async (app) => {
  await createVault(app);
  await openClients(app);
  await app.click("open-import");
  await app.waitFor("import");
  await chooseCsv(app, "clients.csv", BAD_CSV);
  await app.waitFor("import-preview", SLOW);
  await app.browser.waitUntil(async () => (await app.browser.$$('[data-testid="invalid-row"]').length) === 3, {
    timeout: QUICK,
    timeoutMsg: "three rows should be listed as invalid",
  });
  const rows = await app.browser.$$('[data-testid="invalid-row"]').map((r) => r.getAttribute("data-row"));
  assert.deepEqual(rows, ["4", "5", "6"], "the rows are numbered as in her spreadsheet (header = row 1)");
  const reasons = await app.el("invalid-rows").getText();
  assert.match(reasons, /future/i, `the future date of birth should be explained: ${reasons}`);
  assert.match(reasons, /formula|=/i, `the formula should be explained: ${reasons}`);
  assert.equal(await app.el("import-commit").isEnabled(), false, "Import must be disabled while invalid rows remain");
  await app.el("invalid-rows").scrollIntoView({ block: "center" });
  await app.shot("import-invalid");

  // Skipping only some keeps it disabled; skipping all enables it (she chooses to fix instead).
  await app.el("skip-row-4").click();
  assert.equal(await app.el("import-commit").isEnabled(), false);
  await app.el("skip-row-5").click();
  await app.el("skip-row-6").click();
  assert.equal(await app.el("import-commit").isEnabled(), true, "Import is allowed once every bad row is skipped");
  await app.el("import-commit").scrollIntoView({ block: "center" });
  await app.shot("import-skipped");

  // Nothing was imported by previewing.
  await openClients(app);
  await app.click("filter-all");
  await app.waitFor("clients-empty");

  // The corrected file: all valid, all imported.
  await app.click("open-import");
  await app.waitFor("import");
  await chooseCsv(app, "clients-fixed.csv", FIXED_CSV);
  await app.waitFor("import-all-valid", SLOW);
  await app.click("import-commit");
  const result = await app.waitFor("import-result", SLOW);
  assert.match(await result.getText(), /4 clients were imported/);
  await app.shot("import-done");
  await app.click("import-see-clients");
  await app.waitFor("clients");
  await app.click("filter-all");
  await app.browser.waitUntil(async () => (await rowNames(app)).length === 4, {
    timeout: QUICK,
    timeoutMsg: "the four imported clients should be listed",
  });
  assert.deepEqual((await rowNames(app)).sort(), ["Alma Castellanos", "Beatriz Okafor", "Corinne Vasquez-Lund", "Delphine Aragon"]);
});

e2e("a CSV file over 20 MB is refused from its size before the page reads it", async (app) => {
  await createVault(app);
  await openClients(app);
  await app.click("open-import");
  const input = await app.waitFor("csv-file");
  const reads = await app.browser.execute((node) => {
    let count = 0;
    const read = FileReader.prototype.readAsArrayBuffer;
    FileReader.prototype.readAsArrayBuffer = function (blob) {
      count += 1;
      return read.call(this, blob);
    };
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(21 * 1024 * 1024)], "everything.csv", { type: "text/csv" }));
    node.files = transfer.files;
    node.dispatchEvent(new Event("change", { bubbles: true }));
    FileReader.prototype.readAsArrayBuffer = read;
    return count;
  }, input);
  const error = await app.waitFor("import-error");
  assert.match(await error.getText(), /larger than 20 MB/);
  assert.equal(reads, 0, "the page read the file before checking its size");
  assert.equal(await app.el("csv-file").getValue(), "", "the refused file is not kept chosen");
  await app.shot("import-too-large");
});

e2e("a record past retention waits while on legal hold, then is destroyed from its list after typing its code", async (app) => {
  await createVault(app);
  await addClient(app, { legalName: "Winifred Ashcombe", dateOfBirth: "1970-06-30" });
  const code = await clientCode(app);
  // Discharged eight years ago: past the default seven years.
  await app.click("discharge");
  await app.waitFor("discharge-dialog");
  await setInput(app, "discharge-date-input", yearsFromToday(-8));
  await app.click("confirm-discharge");
  await app.waitFor("retention-date", SLOW);
  assert.equal(await app.el("retention-date").getText(), longDate(yearsFromToday(-1)));

  // A complaint puts her record on hold: it stays in the list, with why, and cannot be destroyed.
  await app.click("place-hold");
  await app.waitFor("hold-dialog");
  await app.type("field-detail", "Board complaint 2026-117");
  await app.click("hold-save");
  await app.waitFor("on-hold", SLOW);
  await app.click("back-to-clients");
  await app.click("open-retention");
  await app.waitFor("retention");
  let row = await app.waitFor("retention-row");
  assert.match(await row.getText(), /Winifred Ashcombe/);
  assert.equal(await row.getAttribute("data-code"), code);
  assert.match(await app.el("retention-when").getText(), /Kept for now: legal hold \(complaint\)/);
  assert.equal(await app.el("destroy-record").isExisting(), false, "a record on hold cannot be destroyed");
  await app.shot("past-retention-on-hold");

  // The complaint is over: she lifts the hold from the client's page.
  await openClients(app);
  await app.click("filter-all");
  await app.click("client-row");
  await app.waitFor("lift-hold", SLOW);
  await app.click("lift-hold");
  await app.waitFor("hold-dialog");
  await app.type("field-reason", "Complaint dismissed");
  await app.click("hold-save");
  await app.browser.waitUntil(async () => !(await app.el("on-hold").isExisting()), { timeout: QUICK, timeoutMsg: "the hold did not lift" });
  await app.click("back-to-clients");
  await app.click("open-retention");
  await app.waitFor("retention");
  row = await app.waitFor("retention-row");
  assert.match(await app.el("retention-when").getText(), /Can be destroyed now/);
  await app.shot("past-retention");

  await app.click("destroy-record");
  const dialog = await app.waitFor("destroy-dialog");
  assert.match(await dialog.getText(), /cannot be undone/);
  assert.equal(await app.el("destroy-confirm").isEnabled(), false, "destruction needs the typed code first");
  await app.type("destroy-confirmation", "C9999");
  assert.equal(await app.el("destroy-confirm").isEnabled(), false, "a wrong code must not enable destruction");
  await app.type("destroy-confirmation", code);
  await app.shot("destroy-dialog");
  await app.click("destroy-confirm");
  const done = await app.waitFor("destroyed", SLOW);
  assert.match(await done.getText(), new RegExp(`${code} has been destroyed`));
  assert.ok(!(await done.getText()).includes("Winifred"), "the confirmation must not name her");
  await app.waitFor("retention-empty");
  await app.shot("destroyed");

  await openClients(app);
  await app.click("filter-all");
  await app.waitFor("clients-empty");
  assert.ok(!(await app.bodyText()).includes("Winifred"));
});
