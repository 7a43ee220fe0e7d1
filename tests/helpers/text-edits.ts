/**
 * Random edits of a text, for property tests of the YAML readers: a few insertions of `pieces`,
 * deletions and repeated lines at random places (fast-check), applied in order.
 */
import fc from 'fast-check';

export interface TextEdit {
  at: number;
  kind: 'insert' | 'delete' | 'repeat-line';
  piece: string;
  length: number;
}

/** One to three edits of a text of `length` characters, inserting among `pieces`. */
export function textEdits(length: number, pieces: readonly string[]): fc.Arbitrary<TextEdit[]> {
  const edit = fc.record({
    at: fc.nat({ max: length }),
    kind: fc.constantFrom<TextEdit['kind']>('insert', 'delete', 'repeat-line'),
    piece: fc.constantFrom(...pieces),
    length: fc.integer({ min: 1, max: 3 }),
  });
  return fc.array(edit, { minLength: 1, maxLength: 3 });
}

/** `text` with `edits` made one after the other. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  for (const { at, kind, piece, length } of edits) {
    const p = Math.min(at, text.length);
    if (kind === 'insert') text = text.slice(0, p) + piece + text.slice(p);
    else if (kind === 'delete') text = text.slice(0, p) + text.slice(p + length);
    else {
      const start = text.lastIndexOf('\n', p - 1) + 1;
      const end = text.indexOf('\n', p) + 1 || text.length;
      text = text.slice(0, end) + text.slice(start, end) + text.slice(end);
    }
  }
  return text;
}
