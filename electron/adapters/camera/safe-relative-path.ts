/**
 * Pure checks on names read from a camera volume. A device-supplied name is data: it is only turned
 * into a path after every component passed these checks, and the joined path is then verified to
 * stay inside the camera root.
 *
 * Windows-reserved names (CON, NUL, AUX, COM1...) are allowed: the station never creates a file under
 * a camera-supplied name (the vault is content-addressed), so they are harmless data.
 */
import path from 'node:path';

export type UnsafeNameProblem =
  | 'empty'
  | 'dot'
  | 'dot-dot'
  | 'nul'
  | 'control-character'
  | 'bidi-control'
  | 'slash'
  | 'backslash'
  | 'too-long'
  | 'escapes-root';

export type NameCheck = { ok: true } | { ok: false; problem: UnsafeNameProblem };

/** Longest name any camera filesystem (FAT/exFAT: 255 UTF-16 units) can hold. */
const MAX_COMPONENT_LENGTH = 255;

// C0 controls and DEL, then C1 controls.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0001-\u001f\u007f-\u009f]/;
/** Direction overrides make "gpj.exe" display as "exe.jpg": a name that lies in the UI. */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

const OK: NameCheck = { ok: true };

export function checkPathComponent(name: string): NameCheck {
  if (name.length === 0) return { ok: false, problem: 'empty' };
  if (name === '.') return { ok: false, problem: 'dot' };
  if (name === '..') return { ok: false, problem: 'dot-dot' };
  if (name.includes('\u0000')) return { ok: false, problem: 'nul' };
  if (name.includes('/')) return { ok: false, problem: 'slash' };
  if (name.includes('\\')) return { ok: false, problem: 'backslash' };
  if (CONTROL_CHARACTER.test(name)) return { ok: false, problem: 'control-character' };
  if (BIDI_CONTROL.test(name)) return { ok: false, problem: 'bidi-control' };
  if (name.length > MAX_COMPONENT_LENGTH) return { ok: false, problem: 'too-long' };
  return OK;
}

/** Every component must pass; the first problem found is reported. An empty list is the root itself. */
export function checkPathComponents(components: readonly string[]): NameCheck {
  for (const component of components) {
    const check = checkPathComponent(component);
    if (!check.ok) return check;
  }
  return OK;
}

/**
 * Splits a '/'-separated relative path WITHOUT normalising it, so 'a/../../b' keeps its '..' and is
 * refused instead of silently becoming something else.
 */
export function splitRelativePath(relativePath: string): string[] {
  return relativePath.split('/');
}

export type InsideRoot = { ok: true; absolutePath: string; relativePath: string } | { ok: false; problem: UnsafeNameProblem };

/**
 * Joins validated components onto the resolved root and checks the result is strictly inside it
 * (belt and braces: the component checks already exclude every way out on POSIX and Windows).
 */
export function resolveInsideRoot(root: string, components: readonly string[]): InsideRoot {
  if (components.length === 0) return { ok: false, problem: 'empty' };
  const check = checkPathComponents(components);
  if (!check.ok) return check;
  const resolvedRoot = path.resolve(root);
  const absolutePath = path.join(resolvedRoot, ...components);
  const fromRoot = path.relative(resolvedRoot, absolutePath);
  if (fromRoot === '' || fromRoot === '..' || fromRoot.startsWith(`..${path.sep}`) || path.isAbsolute(fromRoot)) {
    return { ok: false, problem: 'escapes-root' };
  }
  return { ok: true, absolutePath, relativePath: components.join('/') };
}

/**
 * A display form of an untrusted name for reports and the UI: control, direction and other invisible
 * characters become visible escapes (\x01, \u202E) so a refused entry can be shown and logged safely.
 */
export function printableName(name: string): string {
  let printable = '';
  for (const character of name) {
    const code = character.codePointAt(0) ?? 0;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) printable += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (BIDI_CONTROL.test(character) || code === 0xfffd) printable += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else if (character === '\\') printable += '\\\\';
    else printable += character;
  }
  return printable;
}
