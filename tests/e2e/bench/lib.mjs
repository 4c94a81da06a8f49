// Shared by the GUI benchmarks (*.bench.mjs): a prepared vault, statistics, the results file.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { repoRoot } from "../lib/app.mjs";

/** A vault of `clients` fictional clients, made by the app binary's headless `demo`; returns its passphrase. */
export function prepareVault(dir, clients) {
  const out = execFileSync(process.env.CONFIDANT_BIN, ["demo", "--data-dir", dir, "--clients", String(clients)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    timeout: 300_000,
  });
  const last = out.trim().split("\n").at(-1) ?? "";
  const m = /^passphrase: (.+)$/.exec(last);
  assert.ok(m, `confidant demo printed no passphrase last:\n${out}`);
  return m[1];
}

export const percentile = (sorted, p) => sorted[Math.ceil((sorted.length * p) / 100) - 1];
export const median = (values) => percentile([...values].sort((a, b) => a - b), 50);
export const round2 = (x) => Math.round(x * 100) / 100;

export async function mergeResults(figures) {
  const file = path.join(repoRoot, "target", "bench", "results.json");
  await mkdir(path.dirname(file), { recursive: true });
  let results = [];
  try {
    results = JSON.parse(await readFile(file, "utf8"));
  } catch {
    results = [];
  }
  const names = new Set(figures.map((f) => f.name));
  results = results.filter((r) => !names.has(r.name)).concat(figures);
  await writeFile(file, JSON.stringify(results, null, 2));
}

/** Runs `fn(argsJson, done)` in the page; args travel as JSON text (WebKitWebDriver refuses plain objects). */
export async function inPage(app, fn, args) {
  const answer = await app.browser.executeAsync(fn, JSON.stringify(args));
  if (answer && answer.failure) throw new Error(`in the page: ${answer.failure}`);
  return answer;
}

