#!/usr/bin/env node
// Draws the placeholder app icon, resources/icons/icon.png (1024x1024), with sharp. Run once and
// keep the PNG in the repo; electron-builder derives the .ico/.icns from it. No text is drawn:
// CJK fonts are not guaranteed where this runs, and a glyph fallback box would ship as the icon.
// Replace with the agency's artwork when there is one (same path, same size).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const out = fileURLToPath(new URL('../resources/icons/icon.png', import.meta.url));

// A navy tile, a shield, and a camera lens with a red "recording" dot.
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1024" viewBox="0 0 1024 1024">
  <defs>
    <linearGradient id="tile" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#1e3a8a"/><stop offset="1" stop-color="#0f172a"/>
    </linearGradient>
  </defs>
  <rect x="32" y="32" width="960" height="960" rx="200" fill="url(#tile)"/>
  <path d="M512 160 L800 272 V512 C800 688 672 808 512 864 C352 808 224 688 224 512 V272 Z" fill="#f8fafc"/>
  <path d="M512 216 L752 310 V512 C752 660 648 762 512 812 C376 762 272 660 272 512 V310 Z" fill="#1e40af"/>
  <circle cx="512" cy="520" r="168" fill="#0f172a" stroke="#f8fafc" stroke-width="28"/>
  <circle cx="512" cy="520" r="88" fill="#334155"/>
  <circle cx="470" cy="478" r="26" fill="#cbd5e1" opacity="0.8"/>
  <circle cx="660" cy="352" r="40" fill="#dc2626" stroke="#f8fafc" stroke-width="12"/>
</svg>`;

mkdirSync(path.dirname(out), { recursive: true });
await sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toFile(out);
process.stdout.write(`wrote ${path.relative(process.cwd(), out)}\n`);
