// Draws the installed app's PNG icons (ADR 109) from the same shapes as public/favicon.svg — a blue rounded square with
// a white "link" — and writes them into public/ (the server serves its top-level files only). Run once when the icon
// changes; the PNGs are committed, so neither CI nor a deployment needs an image tool (none is installed or depended on):
//
//   npx tsx scripts/make-app-icons.ts
//
// The shapes are measured in the SVG's 32-unit box and each pixel is sampled 4 × 4 times (anti-aliasing). The PNG is
// written by hand: 8-bit RGBA, no interlace, one deflate stream (node:zlib).
import { writeFileSync } from "node:fs";
import path from "node:path";
import { deflateSync } from "node:zlib";

const blue = [0x0b, 0x53, 0x94] as const;
const white = [0xff, 0xff, 0xff] as const;

/** The icons the manifest names (app/pwa/installable-app.ts, appIcons), with how each is drawn. */
export const iconFiles = [
  { file: "icon-192.png", size: 192, maskable: false },
  { file: "icon-512.png", size: 512, maskable: false },
  // Full bleed: the platform cuts its own shape; the link sits well inside the safe circle (40 % of the width).
  { file: "icon-maskable-512.png", size: 512, maskable: true },
  { file: "apple-touch-icon.png", size: 180, maskable: true },
] as const;

function insideRoundedSquare(x: number, y: number, radius: number): boolean {
  if (x < 0 || y < 0 || x > 32 || y > 32) return false;
  const cx = Math.min(Math.max(x, radius), 32 - radius);
  const cy = Math.min(Math.max(y, radius), 32 - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

function distanceToSegment(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

// "M14 16a4 4 0 0 1 4 0": a radius-4 arc over the top from (14,16) to (18,16); its centre is below the chord.
const arcCentre = { x: 16, y: 16 + Math.sqrt(16 - 4) };
const arcFrom = Math.atan2(16 - arcCentre.y, 14 - arcCentre.x);
const arcTo = Math.atan2(16 - arcCentre.y, 18 - arcCentre.x);

function onStroke(x: number, y: number): boolean {
  const half = 1.5;
  if (distanceToSegment(x, y, 8, 16, 14, 16) <= half || distanceToSegment(x, y, 18, 16, 24, 16) <= half) return true;
  const angle = Math.atan2(y - arcCentre.y, x - arcCentre.x);
  return angle >= arcFrom && angle <= arcTo && Math.abs(Math.hypot(x - arcCentre.x, y - arcCentre.y) - 4) <= half;
}

function drawIcon(size: number, maskable: boolean): Buffer {
  const samples = 4;
  const radius = maskable ? 0 : 6;
  const rowLength = 1 + size * 4;
  const raw = Buffer.alloc(rowLength * size);
  for (let py = 0; py < size; py++) {
    raw[py * rowLength] = 0; // filter: none
    for (let px = 0; px < size; px++) {
      let covered = 0;
      let stroke = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = ((px + (sx + 0.5) / samples) / size) * 32;
          const y = ((py + (sy + 0.5) / samples) / size) * 32;
          if (!insideRoundedSquare(x, y, radius)) continue;
          covered++;
          if (onStroke(x, y)) stroke++;
        }
      }
      const offset = py * rowLength + 1 + px * 4;
      const share = covered === 0 ? 0 : stroke / covered;
      for (let channel = 0; channel < 3; channel++) raw[offset + channel] = Math.round(blue[channel]! * (1 - share) + white[channel]! * share);
      raw[offset + 3] = Math.round((covered / samples ** 2) * 255);
    }
  }
  return png(size, raw);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size: number, raw: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", deflateSync(raw, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}

const folder = path.resolve(import.meta.dirname, "../public");
for (const icon of iconFiles) writeFileSync(path.join(folder, icon.file), drawIcon(icon.size, icon.maskable));
