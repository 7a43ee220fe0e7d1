/**
 * A strand page leads with the first sentence of the strand's guidance and folds the rest (the
 * language-tests strand explains its method at length); a short guidance stays whole. On paper
 * the folded text prints (tests/browser/public-a11y checks print pages).
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { leadAndMore } from '../../src/web/view-models/strand.js';
import { testApp } from '../helpers/app.js';

describe('the lead of a strand page', () => {
  it('parts a long guidance after its first sentence, losing nothing', () => {
    const text = `${'A first sentence that says what the strand is about, at length'.repeat(2)}. ${'Then the method. '.repeat(20).trim()}`;
    const { guidance, guidanceMore } = leadAndMore(text);
    expect(guidance).toBe(
      `${'A first sentence that says what the strand is about, at length'.repeat(2)}.`,
    );
    expect(guidanceMore.startsWith('Then the method.')).toBe(true);
    expect(`${guidance} ${guidanceMore}`).toBe(text);
  });

  it('keeps a short guidance whole, and one without a sentence break', () => {
    expect(leadAndMore('Short. Two sentences.')).toEqual({
      guidance: 'Short. Two sentences.',
      guidanceMore: '',
    });
    const long = 'word '.repeat(80).trim();
    expect(leadAndMore(long)).toEqual({ guidance: long, guidanceMore: '' });
  });

  it('folds the language-tests method on its page, in both languages', async () => {
    const app = testApp();
    const en = await request(app).get('/strands/language-tests/2024').expect(200);
    expect(en.text).toMatch(
      /<p class="lead">The language and integration requirements at each gate a migrant passes: [^<]*naturalisation\.<\/p>\s*<details class="lead-more"><summary>How the strand is built<\/summary><p>For every gate it records/,
    );
    const fr = await request(app).get('/fr/strands/language-tests/2024').expect(200);
    expect(fr.text).toContain('<summary>Comment le volet est construit</summary>');
  });
});
