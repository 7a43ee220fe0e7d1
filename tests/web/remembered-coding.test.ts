/**
 * The fast path remembers the coding it chose for an Accept-Encoding header (accept-encoding.ts):
 * the remembered answer must be the one `chooseCoding` gives, for each set of prepared bodies,
 * and the table must stop growing however many distinct headers arrive.
 */
import { describe, expect, it } from 'vitest';
import { chooseCoding, rememberedCoding } from '../../src/web/accept-encoding.js';

const SETS = [
  { br: true, gzip: true },
  { br: false, gzip: true },
  { br: true, gzip: false },
  { br: false, gzip: false },
];
const HEADERS = ['gzip, deflate, br', 'br;q=0.5, gzip', '*;q=0', 'identity, gzip;q=0.5', 'br'];

describe('remembered coding', () => {
  it('answers as chooseCoding does, the second time too, for every set of bodies', () => {
    for (let pass = 0; pass < 2; pass++)
      for (const available of SETS)
        for (const header of HEADERS)
          expect(rememberedCoding(header, available)).toBe(chooseCoding(header, available));
  });

  it('does not carry an answer over from another set of bodies', () => {
    expect(rememberedCoding('br, gzip', { br: true, gzip: true })).toBe('br');
    expect(rememberedCoding('br, gzip', { br: false, gzip: true })).toBe('gzip');
  });

  it('still decides correctly once it has stopped remembering new headers', () => {
    for (let i = 0; i < 500; i++) {
      const header = `gzip;q=0.${(i % 9) + 1}, x-${i}`;
      expect(rememberedCoding(header, SETS[0]!)).toBe('gzip');
    }
    expect(rememberedCoding('deflate', SETS[0]!)).toBe('identity');
    expect(rememberedCoding(undefined, SETS[0]!)).toBe('identity');
  });
});
