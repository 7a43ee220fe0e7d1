/**
 * Property-based fuzzing of the two ways data enters in bulk: the workspace's YAML upload and the
 * CSV import of leaf scores. Whatever arrives — random text, a real sheet with random edits,
 * bytes that are not UTF-8, random CSV — the answer is a clear refusal or a success: never a 5xx,
 * never a stack trace, never an internal-error exit, and nothing stored when refused.
 */
import fc from 'fast-check';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sheetToYaml } from '../../src/answers/write-sheet.js';
import { run } from '../../src/cli/run.js';
import { storedQuestionnaire } from '../../src/storage/questionnaire-repository.js';
import { getSheet, saveSheet } from '../../src/storage/sheet-repository.js';
import { ROOT_DIR } from '../helpers/fixtures.js';
import { csrf, signIn, workspaceSetup, type Agent, type Setup } from '../workspace/helpers.js';

const STACK_TRACE = /\n\s+at .+[:(]\d+:\d+\)?/;
let setup: Setup;
let expert: Agent;
let token: string;
let sheetYaml: string;
const logged: string[] = [];

beforeAll(async () => {
  setup = workspaceSetup({ log: (message) => logged.push(message) });
  const from = getSheet(setup.db, { country: 'AT', edition: '2024' })!.sheet;
  saveSheet(setup.db, {
    sheet: { ...from, edition: '2025', status: 'draft', coders: [] },
    baseRevision: null,
    user: 'setup',
  });
  sheetYaml = sheetToYaml(
    getSheet(setup.db, { country: 'AT', edition: '2025' })!.sheet,
    storedQuestionnaire(setup.db, 1),
    {},
  );
  expert = await signIn(setup.app, 'expert-at@example.org');
  token = await csrf(expert);
});

/** A real sheet with a few random edits: characters deleted, inserted, or lines swapped. */
const mutatedSheet = fc
  .array(
    fc.record({
      at: fc.nat(),
      kind: fc.constantFrom('delete', 'insert', 'swap-lines'),
      text: fc.string({ maxLength: 12 }),
    }),
    { minLength: 1, maxLength: 5 },
  )
  .map((edits) => {
    let text = sheetYaml;
    for (const edit of edits) {
      const at = edit.at % Math.max(text.length, 1);
      if (edit.kind === 'delete') text = text.slice(0, at) + text.slice(at + edit.text.length + 1);
      else if (edit.kind === 'insert') text = text.slice(0, at) + edit.text + text.slice(at);
      else {
        const lines = text.split('\n');
        const i = edit.at % lines.length;
        const j = (edit.at * 7 + 3) % lines.length;
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
        text = lines.join('\n');
      }
    }
    return Buffer.from(text);
  });

const uploads = fc.oneof(
  mutatedSheet,
  fc.string({ maxLength: 400 }).map((s) => Buffer.from(s)),
  fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes)),
  fc
    .constantFrom(
      'answers:',
      'country:',
      'edition:',
      '- ',
      '&a ',
      '*a ',
      '!!binary ',
      '{',
      '[',
      '"',
    )
    .chain((piece) => fc.array(fc.constant(piece), { maxLength: 50 }))
    .map((pieces) => Buffer.from(pieces.join('\n'))),
);

describe('fuzzing the YAML upload', () => {
  it('never answers 5xx or shows a stack trace, and a refused upload stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(uploads, async (bytes) => {
        const before = getSheet(setup.db, { country: 'AT', edition: '2025' })!;
        const response = await expert
          .post('/workspace/sheets/AT/2025/upload')
          .field('_csrf', token)
          .field('base_revision', String(before.revision))
          .attach('file', bytes, { filename: 'AT.yaml', contentType: 'text/yaml' });
        expect(response.status).toBeLessThan(500);
        expect(response.text).not.toMatch(STACK_TRACE);
        const after = getSheet(setup.db, { country: 'AT', edition: '2025' })!;
        if (response.status !== 303) expect(after.revision).toBe(before.revision);
      }),
      { numRuns: 150 },
    );
    expect(logged).toEqual([]);
  });
});

describe('fuzzing the CSV import', () => {
  const work = mkdtempSync(join(tmpdir(), 'policy-index-fuzz-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const QUESTIONNAIRE = join(ROOT_DIR, 'questionnaire');

  const cell = fc.oneof(
    fc.constantFrom(
      'AT',
      'DE',
      'XX',
      '2024',
      '1',
      '24a',
      'fr-partners',
      '100',
      '50',
      '0',
      '',
      '-1',
    ),
    fc.constantFrom('=1+1', '"', '""', '\r', '\ufeff', 'é', '\u0000'),
    fc.string({ maxLength: 8 }),
  );
  const csv = fc
    .array(fc.array(cell, { minLength: 0, maxLength: 6 }), { maxLength: 12 })
    .map((rows) =>
      [['country', 'edition', 'code', 'score'], ...rows].map((row) => row.join(',')).join('\n'),
    );

  it('ends with exit 0 or 1, one clear message per problem, and writes nothing when refused', () => {
    let n = 0;
    fc.assert(
      fc.property(csv, (text) => {
        const file = join(work, `in-${n}.csv`);
        const out = join(work, `out-${n++}`);
        writeFileSync(file, text);
        const err: string[] = [];
        const code = run(['import-scores', '--questionnaire', QUESTIONNAIRE, '--out', out, file], {
          out: () => {},
          err: (line) => err.push(line),
        });
        expect([0, 1]).toContain(code);
        expect(err.join('\n')).not.toMatch(STACK_TRACE);
        if (code === 1) expect(!existsSync(out) || readdirSync(out).length === 0).toBe(true);
      }),
      { numRuns: 80 },
    );
  });
});
