// A fake backend for looking at the screens in a plain browser.
const today = new Date();
const iso = (d) => d.toISOString().slice(0, 10);
let discreet = false;
let nextId = 1;
const clients = [];
const conns = [];
const blank = () => ({ legalName: "", preferredName: "", alias: "", pronouns: "", dateOfBirth: "", contact: { phone: "", voicemailOk: false, textOk: false, email: "", emailOk: false, address: "" }, emergencyContact: { name: "", relationship: "", phone: "" }, telehealthLocation: { state: "", city: "" }, perinatal: { status: "neither", dueDate: "", babyBirthDate: "", children: null, lossHistory: "", feeding: "", obstetric: { name: "", practice: "", phone: "" }, pediatrician: { name: "", practice: "", phone: "" } }, supportNotes: "", intakeDate: "", lastServiceDate: "" });
function add(f, status = "active", extra = {}) {
  const fields = Object.assign(blank(), f);
  fields.contact = Object.assign(blank().contact, f.contact || {});
  fields.perinatal = Object.assign(blank().perinatal, f.perinatal || {});
  const c = { id: nextId, code: "C" + String(nextId).padStart(4, "0"), status, fields, dischargeDate: null, retentionDate: null, ...extra };
  nextId++;
  clients.push(c);
  return c;
}
add({ legalName: "Marguerite Ellsworth", preferredName: "Daisy", pronouns: "she/her", dateOfBirth: "1991-04-17", contact: { phone: "(573) 555-0142", textOk: true, email: "m@example.com" }, perinatal: { status: "pregnant", dueDate: "2027-03-01" }, emergencyContact: { name: "Tom Ellsworth", relationship: "husband", phone: "573 555 0199" }, telehealthLocation: { state: "MO", city: "Columbia" } });
add({ legalName: "Rosalind Oyelaran", alias: "Rose O.", dateOfBirth: "1988-11-02", contact: { phone: "573 555 0111", voicemailOk: true, textOk: true }, perinatal: { status: "postpartum", babyBirthDate: "2026-09-20" } }, "prospective");
add({ legalName: "Winifred Ashcombe", dateOfBirth: "1970-06-30" }, "discharged", { dischargeDate: "2017-01-10", retentionDate: "2024-01-10" });
const initials = (n) => n.split(/\s+/).filter(Boolean).map((w) => w[0].toUpperCase() + ".").join("");
const shown = (c) => (discreet ? c.fields.alias || initials(c.fields.legalName) : c.fields.preferredName ? `${c.fields.legalName} (${c.fields.preferredName})` : c.fields.legalName);
const age = (dob) => Math.floor((today - new Date(dob)) / 3.15576e10);
const comm = (f) => [f.contact.phone ? (f.contact.voicemailOk ? "Voicemail OK" : "No voicemail") : "No phone", f.contact.phone ? (f.contact.textOk ? "Texts OK" : "No texts") : null, f.contact.email && f.contact.emailOk ? "Email OK" : "No email"].filter(Boolean).join(" · ");
const peri = (f) => (f.perinatal.status === "pregnant" ? "24 weeks pregnant" : f.perinatal.status === "postpartum" ? "9 weeks postpartum" : null);
const summary = (c) => ({ id: c.id, code: c.code, displayName: shown(c), status: c.status, age: c.fields.dateOfBirth ? age(c.fields.dateOfBirth) : null, pronouns: c.fields.pronouns, perinatalLine: peri(c.fields), communicationLine: comm(c.fields) });
const ref = (c) => ({ id: c.id, code: c.code, displayName: shown(c) });
const err = (code, message, fields = []) => ({ code, message, fields });
function validate(d) {
  const f = [];
  if (!d.legalName.trim()) f.push({ field: "legalName", message: "Enter her legal name." });
  if (!d.dateOfBirth) f.push({ field: "dateOfBirth", message: "Enter her date of birth." });
  if (d.contact.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(d.contact.email)) f.push({ field: "contact.email", message: "This email address looks incomplete." });
  if (f.length) throw err("invalid_input", `${f.length} details need attention before this can be saved.`, f);
}
const handlers = {
  vault_status: () => ({ state: "unlocked", retryAfterMs: 0, recoverySheetPending: false }),
  settings_get: () => ({ idleMinutes: 5, discreetMode: discreet }),
  settings_set_discreet_mode: ({ on }) => ((discreet = on), { idleMinutes: 5, discreetMode: discreet }),
  vault_touch: () => null,
  ui_ready: () => null,
  vault_lock: () => null,
  clients_list: ({ filter, query }) => {
    const q = (query || "").toLowerCase();
    const list = clients.filter((c) => (filter === "all" || c.status === filter) && (!q || (c.fields.legalName + c.fields.alias + c.code + c.fields.contact.phone.replace(/\D/g, "")).toLowerCase().includes(q.replace(/[-() ]/g, "")) || c.fields.legalName.toLowerCase().includes(q)));
    return { clients: list.map(summary), total: list.length };
  },
  client_get: ({ id }) => JSON.parse(JSON.stringify(clients.find((c) => c.id === id))),
  client_summary: ({ id }) => summary(clients.find((c) => c.id === id)),
  client_check_dual: ({ draft }) => clients.filter((c) => c.fields.legalName === draft.legalName || conns.some((k) => k.clientId === c.id && k.name === draft.legalName)).map((c) => ({ client: ref(c), matched: "name_of_connection", connectionKind: "spouse_partner", explanation: `Her name matches the spouse or partner of ${shown(c)} (${c.code}).` })),
  client_create: ({ draft, status, confirmDuplicate }) => {
    validate(draft);
    if (!confirmDuplicate && clients.some((c) => c.fields.legalName === draft.legalName && c.fields.dateOfBirth === draft.dateOfBirth)) throw err("duplicate", "A client with the same name and date of birth is already in the register (C0001). Save anyway only if this is a different person.");
    return add(draft, status);
  },
  client_update: ({ id, draft }) => {
    validate(draft);
    const c = clients.find((c) => c.id === id);
    c.fields = draft;
    return c;
  },
  client_record_dual_decision: () => [],
  client_discharge: ({ id, date }) => {
    const c = clients.find((c) => c.id === id);
    c.status = "discharged";
    c.dischargeDate = date;
    c.retentionDate = String(Number(date.slice(0, 4)) + 7) + date.slice(4);
    return c;
  },
  client_set_status: ({ id, status }) => {
    const c = clients.find((c) => c.id === id);
    c.status = status;
    c.dischargeDate = null;
    c.retentionDate = null;
    return c;
  },
  connections_list: ({ clientId }) => conns.filter((k) => k.clientId === clientId),
  connection_add: ({ clientId, connection }) => {
    const k = { id: conns.length + 1, clientId, ...connection, linkedClient: null };
    conns.push(k);
    return k;
  },
  connection_remove: ({ id }) => {
    const i = conns.findIndex((k) => k.id === id);
    conns.splice(i, 1);
    return null;
  },
  retention_past: () => clients.filter((c) => c.status === "discharged" && c.retentionDate <= iso(today)).map((c) => ({ id: c.id, code: c.code, displayName: shown(c), dischargeDate: c.dischargeDate, retentionDate: c.retentionDate })),
  client_destroy: ({ id }) => {
    const i = clients.findIndex((c) => c.id === id);
    const [c] = clients.splice(i, 1);
    return c.code;
  },
  import_preview: ({ csv }) => {
    const text = new TextDecoder().decode(new Uint8Array(csv));
    const lines = text.split(/\r?\n/).filter(Boolean);
    const columns = lines[0].split(",");
    const rows = lines.slice(1).map((l) => l.split(","));
    const invalidRows = [];
    rows.forEach((r, i) => {
      if (r[0].startsWith("=")) invalidRows.push({ row: i + 2, problems: [{ field: "Name", message: "This cell starts with “=”, which spreadsheets run as a formula. Fix the cell or skip the row." }] });
      else if (r[1] > "2030") invalidRows.push({ row: i + 2, problems: [{ field: "DOB", message: "The date of birth cannot be in the future." }] });
    });
    return { encoding: "utf-8", encodingNotice: null, columns, mapping: ["legal_name", "date_of_birth", "phone", "email"].slice(0, columns.length), sampleRows: rows.slice(0, 5), totalRows: rows.length, validRows: rows.length - invalidRows.length, invalidRows, mappingProblems: [] };
  },
  import_commit: ({ skipRows }) => ({ imported: 3 - 0 * skipRows.length, codes: ["C0010", "C0012"] }),
};
window.__TAURI_INTERNALS__ = {
  invoke: async (cmd, args) => {
    await new Promise((r) => setTimeout(r, 10));
    const h = handlers[cmd];
    if (!h) throw err("internal", `no mock for ${cmd}`);
    return h(args || {});
  },
  transformCallback: () => 0,
  metadata: { currentWindow: { label: "main" }, currentWebview: { label: "main" } },
};
