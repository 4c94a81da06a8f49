// Screenshots read from the X server (the pixels on the display), not through WebDriver.
//
// Why: the app paints its pages without GPU compositing (src-tauri/src/platform/linux/rendering.rs), and in that
// mode WebKitWebDriver's screenshot command (WebKitGTK 2.50) sometimes never answers: it waits for
// a presentation update that does not come, while the page itself goes on drawing (its animation
// frames kept running and the display showed the right screen). Reading the window from Xvfb does
// not depend on that, and is exactly what she would see.

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { crc32, deflateSync } from "node:zlib";

const run = promisify(execFile);

/** The PNG of the visible top-level window of process `pid`. Needs xdotool and xwd. */
export async function captureWindow(pid) {
  const { stdout } = await run("xdotool", ["search", "--onlyvisible", "--pid", String(pid)]);
  const windows = stdout.split("\n").filter(Boolean);
  if (windows.length === 0) throw new Error(`process ${pid} shows no window`);
  const dumps = await Promise.all(
    windows.map(async (id) => (await run("xwd", ["-id", id, "-silent"], { encoding: "buffer", maxBuffer: 64 << 20 })).stdout),
  );
  // GTK also maps tiny helper windows; the app's window is the largest.
  const images = dumps.map(readXwd).sort((a, b) => b.width * b.height - a.width * a.height);
  return encodePng(images[0]);
}

/** Reads an XWD dump (xwd's 32-bit ZPixmap output) into { width, height, rgb }. */
function readXwd(dump) {
  const field = (i) => dump.readUInt32BE(i * 4);
  const [headerSize, version, format] = [field(0), field(1), field(2)];
  const [width, height, byteOrder, bitsPerPixel, bytesPerLine] = [field(4), field(5), field(7), field(11), field(12)];
  const masks = [field(14), field(15), field(16)];
  const colours = field(19);
  if (version !== 7 || format !== 2 || bitsPerPixel !== 32) {
    throw new Error(`unexpected xwd dump (version ${version}, format ${format}, ${bitsPerPixel} bits per pixel)`);
  }
  const shifts = masks.map((mask) => Math.log2(mask & -mask));
  const start = headerSize + colours * 12;
  const rgb = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = start + y * bytesPerLine + x * 4;
      const value = byteOrder === 0 ? dump.readUInt32LE(at) : dump.readUInt32BE(at);
      for (let c = 0; c < 3; c++) rgb[(y * width + x) * 3 + c] = ((value & masks[c]) >>> shifts[c]) & 0xff;
    }
  }
  return { width, height, rgb };
}

/** An 8-bit RGB PNG, rows unfiltered. */
function encodePng({ width, height, rgb }) {
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) rgb.copy(rows, y * (width * 3 + 1) + 1, y * width * 3, (y + 1) * width * 3);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function chunk(type, body) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const typed = Buffer.concat([Buffer.from(type, "latin1"), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}
