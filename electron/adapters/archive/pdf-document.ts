/**
 * pdfkit with one CJK font, parsed once per process and shaped once per text.
 *
 * pdfkit hands a font buffer to fontkit.create() for every new document, and fontkit parses the face
 * again each time: for Noto Sans CJK (a 19 MB collection, CFF outlines) that is ~150 ms per PDF, most of
 * a sheet's cost. fontkit lets a program register font formats; we register one that recognises a small
 * token buffer and returns the already-parsed face, so every document after the first embeds its subset
 * from the same parsed face. If fontkit ever changes that hook, the token is not recognised and the real
 * font bytes are used instead: slower, same PDF. With the shared layout cache below, a sheet costs
 * ~30-45 ms of CPU (was ~60 ms with the parsed face alone, ~150 ms with neither).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { CjkFont } from './font-locator.js';

const require = createRequire(import.meta.url);

interface FontkitModule {
  create(buffer: Uint8Array, postscriptName?: string): unknown;
  registerFormat?(format: unknown): void;
}

interface FontCollection {
  fonts?: unknown[];
}

/** Buffers standing in for a parsed face; fontkit's create() maps them back (identity, not content). */
const parsedByToken = new WeakMap<object, unknown>();
let tokenFormatRegistered = false;
const loaded = new Map<string, Promise<FontSource>>();

interface FontSource {
  src: Buffer;
  family: string;
}

function registerTokenFormat(fontkit: FontkitModule): boolean {
  if (tokenFormatRegistered) return true;
  if (typeof fontkit.registerFormat !== 'function') return false;
  class ParsedFontToken {
    private readonly face: unknown;
    static probe(buffer: unknown): boolean {
      return typeof buffer === 'object' && buffer !== null && parsedByToken.has(buffer);
    }
    constructor(stream: { buffer: object }) {
      this.face = parsedByToken.get(stream.buffer);
    }
    getFont(): unknown {
      return this.face;
    }
  }
  fontkit.registerFormat(ParsedFontToken);
  tokenFormatRegistered = true;
  return true;
}

async function loadFont(font: CjkFont): Promise<FontSource> {
  const bytes = await readFile(font.path);
  // The same fontkit instance pdfkit uses (its CommonJS build requires 'fontkit').
  const fontkit = require('fontkit') as FontkitModule;
  let face: unknown;
  try {
    face = fontkit.create(bytes, font.postscriptName || undefined);
    // A collection without that face name: take its first face rather than fail.
    if ((face === null || face === undefined) && font.postscriptName) face = (fontkit.create(bytes) as FontCollection).fonts?.[0];
  } catch {
    face = undefined;
  }
  if (face === null || face === undefined) return { src: bytes, family: font.postscriptName };
  if (!registerTokenFormat(fontkit)) return { src: bytes, family: font.postscriptName };
  // 'evid' as a big-endian offset points far past the token's end, so fontkit's dfont probe rejects it.
  const token = Buffer.from(`evidence-station parsed font ${font.path}#${font.postscriptName}`);
  parsedByToken.set(token, face);
  return { src: token, family: font.postscriptName || 'cjk' };
}

export function fontSource(font: CjkFont): Promise<FontSource> {
  const key = `${font.path}#${font.postscriptName}`;
  let pending = loaded.get(key);
  if (pending === undefined) {
    pending = loadFont(font);
    loaded.set(key, pending);
    pending.catch(() => loaded.delete(key));
  }
  return pending;
}

/**
 * Shaped text per face, shared by every document: pdfkit keeps a cache of laid-out words per document
 * (EmbeddedFont.layoutCache, runs already scaled to the face's units and never changed afterwards), so
 * every sheet shaped "案号", "取证人员" and the statement again through fontkit's OpenType engine. One
 * cache per face lets each sheet shape only what is new in it. Bounded; if pdfkit renames the field,
 * nothing is shared and nothing breaks.
 */
const layoutCaches = new Map<string, Record<string, unknown>>();
const LAYOUT_CACHE_LIMIT = 50_000;

function shareLayoutCache(doc: PDFKit.PDFDocument, key: string): void {
  const embedded = (doc as unknown as { _font?: { layoutCache?: Record<string, unknown> } })._font;
  if (embedded === undefined || typeof embedded.layoutCache !== 'object' || embedded.layoutCache === null) return;
  let shared = layoutCaches.get(key);
  if (shared === undefined || Object.keys(shared).length > LAYOUT_CACHE_LIMIT) {
    shared = Object.create(null) as Record<string, unknown>;
    layoutCaches.set(key, shared);
  }
  embedded.layoutCache = shared;
}

export interface PdfMeta {
  title: string;
  subject?: string;
  author?: string;
  createdAt?: Date;
  size?: string | [number, number];
  margin?: number;
}

/** Runs `draw` on a fresh A4 document with the CJK font selected, resolves with the PDF bytes. */
export async function renderPdf(font: CjkFont, meta: PdfMeta, draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const { src, family } = await fontSource(font);
  const doc = new PDFDocument({
    size: meta.size ?? 'A4',
    margin: meta.margin ?? 56,
    info: {
      Title: meta.title,
      ...(meta.subject === undefined ? {} : { Subject: meta.subject }),
      Author: meta.author ?? 'Evidence Station',
      Creator: 'Evidence Station 执法记录采集工作站',
      ...(meta.createdAt === undefined ? {} : { CreationDate: meta.createdAt }),
    },
    lang: 'zh-CN',
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font(src, family);
  shareLayoutCache(doc, `${font.path}#${font.postscriptName}`);
  draw(doc);
  doc.end();
  return finished;
}
