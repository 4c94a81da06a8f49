// A byte scan for a client's text in files: what the hermetic checks use to prove that nothing
// readable of a client is left outside the vault.

import { execFileSync } from "node:child_process";
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** Every regular file under `dir` (not following links); none when it does not exist. */
export function filesUnder(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return []; // not there, or gone meanwhile
  }
  return entries.flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(file);
    return entry.isFile() ? [file] : [];
  });
}

/** The text of a PDF (its streams are compressed, so its bytes hide what it says), else "". */
function pdfText(file) {
  try {
    return execFileSync("pdftotext", [file, "-"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return "";
  }
}

/**
 * Where any of `words` can be read in `files`: in their bytes as UTF-8 or UTF-16 (what web
 * engines store), and in the text of a PDF. Returns "file: word" lines, empty when clean.
 */
export function clientTextIn(files, words) {
  const found = [];
  for (const file of files) {
    let bytes;
    try {
      bytes = readFileSync(file);
    } catch {
      continue; // gone meanwhile
    }
    const text = bytes.subarray(0, 5).toString("latin1") === "%PDF-" ? pdfText(file) : "";
    for (const word of words) {
      if (bytes.includes(Buffer.from(word, "utf8")) || bytes.includes(Buffer.from(word, "utf16le")) || text.includes(word)) {
        found.push(`${file}: ${word}`);
      }
    }
  }
  return found;
}

/** Files under `dirs` changed since `since` (a Date), leaving out those under `except`. */
export function changedSince(dirs, since, except = []) {
  return dirs
    .flatMap(filesUnder)
    .filter((file) => !except.some((dir) => file.startsWith(dir + path.sep)))
    .filter((file) => (lstatSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0) >= since.getTime());
}
