/**
 * Strict UTF-8 decoding. Node's `readFileSync(file, 'utf8')` and `Buffer#toString` replace every
 * invalid byte with U+FFFD, so a file saved in Latin-1 would be stored with its accents silently
 * turned into "�". Every file and upload we read goes through here instead: invalid UTF-8 is an
 * `invalid-utf8` issue at the line and column of the first bad byte, and nothing is decoded.
 */
import { issueAt, type Issue } from '../issues/issue.js';

const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

/**
 * Decodes `bytes` as UTF-8 (a leading byte-order mark is dropped). `file` names the input in the
 * issue (e.g. `upload.yaml` for a web upload). This is what the web upload route calls on the
 * uploaded Buffer before parsing it.
 */
export function decodeUtf8(
  file: string | null,
  bytes: Uint8Array,
): { text: string } | { issues: Issue[] } {
  try {
    return { text: strict.decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    return { issues: [invalidUtf8Issue(file, bytes, offset)] };
  }
}

/**
 * Byte offset of the first byte that does not start or continue a well-formed UTF-8 sequence
 * (Unicode 15, table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF), or -1 when
 * every byte is valid.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    // The lead byte decides the length and the allowed range of the second byte.
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0; // overlong
      if (b === 0xed) high = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90; // overlong
      if (b === 0xf4) high = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined) return i; // truncated at the end of the input
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (next < min || next > max) return i;
    }
    i += length;
  }
  return -1;
}

function invalidUtf8Issue(file: string | null, bytes: Uint8Array, offset: number): Issue {
  const at = Math.max(offset, 0);
  const lineStart = at === 0 ? 0 : bytes.lastIndexOf(0x0a, at - 1) + 1;
  let line = 1;
  for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
  // Columns count characters as the YAML positions do (UTF-16 units), so editors agree.
  const column = lenient.decode(bytes.subarray(lineStart, at)).length + 1;
  const shown = `0x${(bytes[at] ?? 0).toString(16).padStart(2, '0')}`;
  return issueAt(
    { file, line, column },
    'invalid-utf8',
    `invalid UTF-8 (byte ${shown} at offset ${at}): save the file as UTF-8`,
  );
}
