import path from "node:path";
import { e2e, unlockWith, SLOW } from "../lib/app.mjs";
import { inPage, prepareVault } from "./lib.mjs";

function timeWeek(argsJson, done) {
  const { testid, before } = JSON.parse(argsJson);
  const button = document.querySelector(`[data-testid="${testid}"]`);
  const T = {};
  const inv = window.__TAURI_INTERNALS__;
  if (!inv.__wrapped) {
    const orig = inv.invoke.bind(inv);
    inv.invoke = async (cmd, args, opts) => {
      const s = performance.now();
      const r = await orig(cmd, args, opts);
      (window.__ipc ??= []).push([cmd, s, performance.now()]);
      return r;
    };
    inv.__wrapped = true;
  }
  window.__ipc = [];
  let start = 0;
  const ready = () => {
    const grid = document.querySelector('[data-testid="schedule-grid"]');
    return grid && grid.dataset.from !== before && grid.querySelector('[data-testid="slot"]') ? grid : null;
  };
  const observer = new MutationObserver(() => {
    const grid = ready();
    if (!grid) return;
    observer.disconnect();
    T.dom = performance.now() - start;
    const s0 = performance.now();
    getComputedStyle(grid.querySelector(".block")).color;
    T.style = performance.now() - s0;
    const l0 = performance.now();
    document.body.offsetHeight;
    T.layout = performance.now() - l0;
    requestAnimationFrame(() => {
      T.raf = performance.now() - start;
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        T.ms = performance.now() - start;
        T.ipc = window.__ipc.map(([c, s, e]) => `${c}:${(s - start).toFixed(1)}-${(e - start).toFixed(1)}`).join(" ");
        T.from = grid.dataset.from;
        done(T);
      };
      channel.port2.postMessage(null);
    });
  });
  observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-from"] });
  start = performance.now();
  button.click();
}
function goHome(_argsJson, done) {
  document.querySelector('[data-testid="go-home"]').click();
  const check = () => {
    if (document.querySelector('[data-testid="home"]') && !document.querySelector('[data-testid="schedule"]')) {
      requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => done({ ok: true }), 150)));
    } else setTimeout(check, 10);
  };
  check();
}
const prepared = process.env.PROFILE_VAULT ?? path.join(process.env.CONFIDANT_E2E_RUN_DIR, "bench-schedule-vault");
const passphrase = process.env.PROFILE_PASS ?? prepareVault(prepared, 2000);
console.log("vault", prepared, "pass", passphrase);
e2e("profile", { dataFrom: prepared, timeout: 600_000 }, async (app) => {
  await app.browser.setTimeout({ script: 60_000 });
  await app.waitFor("unlock-screen", SLOW);
  await unlockWith(app, passphrase);
  await app.waitFor("home", SLOW);
  const ipc = await app.browser.executeAsync((done) => {
    const out = [];
    const go = async () => {
      for (let i = 0; i < 6; i++) {
        const s = performance.now();
        const v = await window.__TAURI_INTERNALS__.invoke("schedule_view", { from: i % 2 ? "2026-12-07" : "2026-11-30", days: 7 });
        out.push((performance.now() - s).toFixed(1) + "ms/" + JSON.stringify(v).length + "B/" + v.slots.length);
      }
      done(out.join(" "));
    };
    go();
  });
  console.log("ipc", ipc);
  await inPage(app, timeWeek, { testid: "go-schedule", before: null });
  console.log("dom", await app.browser.execute(() => {
    const all = document.querySelectorAll("*");
    const counts = {};
    for (const e of all) { const top = e.closest("body > *") ; const k = (top?.tagName ?? "") + "." + (top?.className ?? "") ; counts[k] = (counts[k] ?? 0) + 1; }
    const tags = {};
    for (const e of document.querySelectorAll("body *")) tags[e.tagName] = (tags[e.tagName] ?? 0) + 1;
    return JSON.stringify({ total: all.length, counts, tags, main: document.querySelector("main")?.querySelectorAll("*").length, app: [...document.body.children].map(c => c.tagName + "#" + c.id + "." + c.className + ":" + c.querySelectorAll("*").length) });
  }));
  await inPage(app, goHome, {});
  if (process.env.CSS) await app.browser.execute((css) => { const st = document.createElement("style"); st.textContent = css; document.head.append(st); }, process.env.CSS);
  for (let run = 0; run < 3; run++) {
    console.log("paint", JSON.stringify(await inPage(app, timeWeek, { testid: "go-schedule", before: null })));
    await inPage(app, goHome, {});
  }
  await inPage(app, timeWeek, { testid: "go-schedule", before: null });
  let from = await app.el("schedule-grid").getAttribute("data-from");
  for (const sel of (process.env.SWEEP ?? "").split("|").filter(Boolean)) {
    await app.browser.execute((css) => { document.getElementById("zz")?.remove(); const st = document.createElement("style"); st.id = "zz"; st.textContent = css; document.head.append(st); }, sel);
    const ls = [];
    for (let run = 0; run < Number(process.env.PER ?? 6); run++) {
      const testid = run % 2 === 0 ? "schedule-next" : "schedule-previous";
      const m = await inPage(app, timeWeek, { testid, before: from });
      from = m.from; ls.push(m);
    }
    const med = (k) => ls.map((m) => m[k]).sort((a, b) => a - b)[Math.floor(ls.length / 2)];
    console.log("sweep", sel, "dom", med("dom"), "style", med("style"), "layout", med("layout"), "ms", med("ms"));
  }
  for (let run = 0; run < Number(process.env.MOVES ?? 8); run++) {
    const testid = run % 2 === 0 ? "schedule-next" : "schedule-previous";
    const m = await inPage(app, timeWeek, { testid, before: from });
    from = m.from;
    console.log("move", JSON.stringify(m));
  }
});
