import { createHash } from 'node:crypto';
import { StoreError } from '../errors/index.js';

/**
 * Instance and deployment ids are user-supplied, so they must never become paths as they are
 * (`../x`, `/`, `\0`, `CON`, 300 characters). The encoding keeps readable ids readable and is:
 * - injective and reversible: `a-z 0-9 - _` and non-leading `.` stay, an upper-case letter becomes `^`
 *   plus its lower case, any other UTF-8 byte becomes `%XX` (upper-case hex);
 * - safe on case-insensitive file systems (macOS, Windows): every character that has a case is written in
 *   one canonical case, so two ids never map to names that differ only in case;
 * - bounded: a name longer than MAX_ENCODED (or an id with a lone UTF-16 surrogate, which UTF-8 cannot
 *   carry) becomes a readable prefix + `~` + sha256 of the id's UTF-16 units; `~` appears in no other
 *   name, so such names are recognisably one-way. The store never needs to decode: every file holds its id.
 */
const MAX_ENCODED = 160;
const HASHED_PREFIX = 80;
const LONE_SURROGATE = /\p{Cs}/u;

export function encodeIdForFileName(id: string): string {
  if (id.length === 0) throw new StoreError('an empty id cannot be stored');
  let out = '';
  for (const byte of Buffer.from(id, 'utf8')) {
    if ((byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39) || byte === 0x2d || byte === 0x5f) {
      out += String.fromCharCode(byte);
    } else if (byte >= 0x41 && byte <= 0x5a) {
      out += '^' + String.fromCharCode(byte + 0x20);
    } else if (byte === 0x2e && out !== '') {
      out += '.';
    } else {
      out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
    }
  }
  if (out.length <= MAX_ENCODED && !LONE_SURROGATE.test(id)) return out;
  const hash = createHash('sha256').update(Buffer.from(id, 'utf16le')).digest('hex');
  return `${out.slice(0, HASHED_PREFIX)}~${hash}`;
}

/** The id a name was encoded from, or undefined for hashed (one-way) or foreign names. */
export function decodeIdFromFileName(name: string): string | undefined {
  if (name.includes('~')) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === '%') {
      const hex = name.slice(i + 1, i + 3);
      if (!/^[0-9A-F]{2}$/.test(hex)) return undefined;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (c === '^') {
      const lower = name.charCodeAt(i + 1);
      if (!(lower >= 0x61 && lower <= 0x7a)) return undefined;
      bytes.push(lower - 0x20);
      i += 1;
    } else {
      bytes.push(name.charCodeAt(i));
    }
  }
  const id = Buffer.from(bytes).toString('utf8');
  return encodeIdForFileName(id) === name ? id : undefined;
}
