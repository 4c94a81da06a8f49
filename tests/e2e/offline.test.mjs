// Nothing leaves the machine: the running app and its web processes hold no network socket beyond
// loopback (the WebDriver harness's own connections), and a page script cannot reach a remote
// address because the Content Security Policy blocks it before any network is tried.
import assert from "node:assert/strict";
import { readFile, readdir, readlink } from "node:fs/promises";
import { e2e, createVault, lockWithButton, unlockWith, withDescendants, PASSPHRASE, SLOW } from "./lib/app.mjs";

const processName = async (pid) => (await readFile(`/proc/${pid}/comm`, "utf8")).trim();

/** Inode → socket description, from the tables of the process's own network namespace. */
async function socketTable(pid) {
  const table = new Map();
  const read = async (name) => (await readFile(`/proc/${pid}/net/${name}`, "utf8").catch(() => "")).split("\n").slice(1);
  for (const kind of ["tcp", "tcp6", "udp", "udp6", "raw", "raw6"]) {
    for (const line of await read(kind)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      table.set(f[9], { kind, local: decodeAddress(f[1]), remote: decodeAddress(f[2]), state: f[3] });
    }
  }
  // unix: inode is the 7th field; netlink: the 10th; packet: the 9th.
  for (const line of await read("unix")) {
    const f = line.trim().split(/\s+/);
    if (f.length >= 7) table.set(f[6], { kind: "unix" });
  }
  for (const line of await read("netlink")) {
    const f = line.trim().split(/\s+/);
    if (f.length >= 10) table.set(f[9], { kind: "netlink" });
  }
  for (const line of await read("packet")) {
    const f = line.trim().split(/\s+/);
    if (f.length >= 9) table.set(f[8], { kind: "packet" });
  }
  return table;
}

/** "0100007F:1F90" → { ip: "127.0.0.1", port: 8080 }; IPv6 as 8 groups (32-bit words in host order). */
function decodeAddress(hex) {
  const [addr, port] = hex.split(":");
  const words = addr.match(/.{8}/g).map((w) => w.match(/../g).reverse().join(""));
  let ip;
  if (words.length === 1) {
    ip = words[0].match(/../g).map((b) => parseInt(b, 16)).join(".");
  } else {
    const hex32 = words.join("");
    ip = hex32.match(/.{4}/g).map((g) => parseInt(g, 16).toString(16)).join(":");
  }
  return { ip, port: parseInt(port, 16) };
}

const isLoopback = (ip) =>
  ip.startsWith("127.") || ip === "0:0:0:0:0:0:0:1" || /^0:0:0:0:0:ffff:7f[0-9a-f]{2}:/.test(ip);
const isUnset = ({ ip, port }) => port === 0 && (ip === "0.0.0.0" || ip === "0:0:0:0:0:0:0:0");

const socketInode = async (pid, fd) =>
  /^socket:\[(\d+)\]$/.exec(await readlink(`/proc/${pid}/fd/${fd}`).catch(() => ""))?.[1];

/** The sockets the process holds, each described from its network namespace's tables. */
async function socketsOf(pid) {
  const name = await processName(pid).catch(() => "?");
  const held = [];
  for (const fd of await readdir(`/proc/${pid}/fd`).catch(() => [])) {
    const inode = await socketInode(pid, fd);
    if (inode) held.push({ fd, inode });
  }
  // Read after the descriptors, so every socket still open is in the tables.
  const table = await socketTable(pid);
  const sockets = [];
  for (const { fd, inode } of held) {
    // One closed in between is in no table; it is gone, not of an unknown family.
    if (!table.has(inode) && (await socketInode(pid, fd)) !== inode) continue;
    sockets.push({ where: `pid ${pid} (${name}) fd ${fd}`, socket: table.get(inode) });
  }
  return sockets;
}

/** Why a socket is not allowed, or null: loopback TCP, unix and netlink sockets are; nothing else. */
function offence({ socket }) {
  if (!socket) return "a socket of an unexpected family";
  if (socket.kind === "unix" || socket.kind === "netlink") return null;
  if (socket.kind === "tcp" || socket.kind === "tcp6") {
    const local = isLoopback(socket.local.ip);
    const remote = isLoopback(socket.remote.ip) || isUnset(socket.remote);
    return local && remote ? null : `${socket.kind} beyond loopback ${JSON.stringify(socket)}`;
  }
  // UDP would be DNS or discovery; raw and packet sockets have no business here at all.
  return `${socket.kind} ${JSON.stringify(socket)}`;
}

e2e("the running app holds no network socket other than loopback", async (app) => {
  await createVault(app);
  await lockWithButton(app);
  await unlockWith(app, PASSPHRASE);
  await app.waitFor("home", SLOW);

  const [appPid, ...others] = await app.pids();
  assert.ok(appPid, "the app process was not found");
  assert.deepEqual(others, [], "more than one app process runs on this test's data directory");
  const pids = await withDescendants(appPid);
  const names = await Promise.all(pids.map((pid) => processName(pid).catch(() => "?")));
  // Without its web process the check would miss where page scripts run.
  assert.ok(
    names.some((n) => n.startsWith("WebKitWebProces")),
    `no WebKit web process among the app's processes: ${names.join(", ")}`,
  );

  let tcpSeen = 0;
  // Several looks over a few seconds, as connections come and go.
  for (let look = 0; look < 5; look++) {
    for (const pid of pids) {
      const sockets = await socketsOf(pid);
      const offending = sockets.map((s) => [s.where, offence(s)]).filter(([, why]) => why);
      assert.deepEqual(offending, [], `sockets beyond loopback:\n${offending.map((o) => o.join(": ")).join("\n")}`);
      tcpSeen += sockets.filter((s) => s.socket?.kind.startsWith("tcp")).length;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  // The WebDriver harness talks to the app over loopback TCP: seeing it proves the tables were read.
  assert.ok(tcpSeen > 0, "no TCP socket seen at all, not even the WebDriver harness's: the check read nothing");
});

e2e("a page script cannot reach a remote address: the CSP blocks it", async (app) => {
  await app.waitFor("welcome", SLOW);
  const outcome = await app.browser.executeAsync((done) => {
    const violations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      violations.push({ directive: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI }),
    );
    const settle = (start) =>
      Promise.race([new Promise((r) => start(r)), new Promise((r) => setTimeout(() => r("timed out"), 5000))]);
    const attempts = {
      fetch: () =>
        fetch("https://fetch.example/").then(
          () => "loaded",
          (e) => `rejected: ${e}`,
        ),
      xhr: () =>
        settle((r) => {
          const xhr = new XMLHttpRequest();
          xhr.onload = () => r("loaded");
          xhr.onerror = () => r("error");
          try {
            xhr.open("GET", "https://xhr.example/data.json");
            xhr.send();
          } catch (e) {
            r(`threw: ${e.name}`);
          }
        }),
      image: () =>
        settle((r) => {
          const img = new Image();
          img.onload = () => r("loaded");
          img.onerror = () => r("error");
          img.src = "http://img.example/pixel.png";
          document.body.append(img);
        }),
      script: () =>
        settle((r) => {
          const s = document.createElement("script");
          s.onload = () => r("loaded");
          s.onerror = () => r("error");
          s.src = "https://script.example/track.js";
          document.head.append(s);
        }),
      websocket: () =>
        settle((r) => {
          try {
            const ws = new WebSocket("wss://ws.example/socket");
            ws.onopen = () => r("loaded");
            ws.onerror = () => r("error");
          } catch (e) {
            r(`threw: ${e.name}`);
          }
        }),
    };
    (async () => {
      const results = {};
      for (const [name, attempt] of Object.entries(attempts)) results[name] = await attempt();
      // Violation events are queued as tasks; let them arrive.
      await new Promise((r) => setTimeout(r, 500));
      done({ results, violations });
    })();
  });

  for (const [name, result] of Object.entries(outcome.results)) {
    assert.notEqual(result, "loaded", `${name} reached a remote address`);
    assert.notEqual(result, "timed out", `${name} neither failed nor loaded: was it tried on the network?`);
  }
  // The violation reports prove the policy refused each one, not a missing network (these tests also
  // run in a namespace without one).
  const blockedBy = (host, directive) =>
    outcome.violations.some((v) => v.blocked.includes(host) && v.directive === directive);
  const expected = [
    ["fetch", "fetch.example", "connect-src"],
    ["xhr", "xhr.example", "connect-src"],
    ["image", "img.example", "img-src"],
    ["script", "script.example", "script-src-elem"],
    ["websocket", "ws.example", "connect-src"],
  ];
  for (const [name, host, directive] of expected) {
    assert.ok(
      blockedBy(host, directive),
      `no ${directive} violation for the ${name} to ${host}; reports: ${JSON.stringify(outcome.violations)}`,
    );
  }
});
