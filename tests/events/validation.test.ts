/**
 * Legal-event files: the schema (identifier syntax, kind-specific fields) and the semantic checks
 * (unknown country, question or edition, date after the edition's reference date, ECLI country,
 * duplicate ids) give located issues with stable codes, and an import with any error stores
 * nothing.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventsContext } from '../../src/events/events-context.js';
import { importLegalEventFiles } from '../../src/events/import-events.js';
import { validateEventsSource } from '../../src/events/load-events.js';
import type { Issue } from '../../src/issues/issue.js';
import { parseYamlSource } from '../../src/source/yaml-source.js';
import type { Db } from '../../src/storage/database.js';
import { createEdition } from '../../src/storage/edition-repository.js';
import { listLegalEvents } from '../../src/storage/legal-event-repository.js';
import { emptyDatabase, temporaryDirPerTest } from '../storage/helpers.js';

const tempDir = temporaryDirPerTest('events-validation-');

/** A valid court decision (line 2 is `- id:`), with `lines` replacing or adding fields. */
function decision(fields: Record<string, string> = {}): string {
  const base: Record<string, string> = {
    id: 'de-2023-family-ruling',
    kind: 'court-decision',
    title: 'A ruling on family reunification',
    date: '"2023-03-15"',
    court: 'Federal Administrative Court',
    ecli: 'ECLI:DE:BVERWG:2023:150323U1C1.22.0',
    outcome: 'struck-down',
    summary: 'The waiting period was struck down for partners of refugees.',
    countries: '[DE]',
    questions: '[fr-residence-period]',
    edition: '"2024"',
    ...fields,
  };
  const lines = Object.entries(base)
    .filter(([, value]) => value !== '')
    .map(([key, value], i) => `${i === 0 ? '  - ' : '    '}${key}: ${value}`);
  return `events:\n${lines.join('\n')}\n`;
}

/** A valid act of legislation. */
function legislation(fields: Record<string, string> = {}): string {
  return decision({
    id: 'at-2022-settlement-act',
    kind: 'legislation',
    court: '',
    ecli: '',
    outcome: '',
    eli: 'https://legislation.example/eli/at/act/2022/57',
    in_force_date: '"2022-07-01"',
    date: '"2022-05-12"',
    countries: '[AT]',
    ...fields,
  });
}

let db: Db;
beforeAll(() => {
  db = emptyDatabase();
  createEdition(db, '2024', '2024-01-01', 1);
  createEdition(db, '2023', '2023-01-01', 1);
});

function check(text: string, file = 'events.yaml'): Issue[] {
  return validateEventsSource(parseYamlSource(file, text), eventsContext(db), new Map()).issues;
}

/** `code@line:column` of every error, for compact expectations. */
const located = (issues: Issue[]) =>
  issues.filter((i) => i.severity === 'error').map((i) => `${i.code}@${i.line}:${i.column}`);

describe('legal-event files: valid ones', () => {
  it('accept a court decision and an act of legislation', () => {
    expect(check(decision())).toEqual([]);
    expect(check(legislation())).toEqual([]);
  });

  it('accept a decision of a European court whatever its countries', () => {
    expect(check(decision({ ecli: 'ECLI:EU:C:2019:123', countries: '[AT, NL]' }))).toEqual([]);
    expect(check(decision({ ecli: 'ECLI:CE:ECHR:2021:0709JUD000622218' }))).toEqual([]);
  });

  it("read an ECLI's country through the aliases (UK is GB)", () => {
    expect(check(decision({ ecli: 'ECLI:UK:UKSC:2017:12', countries: '[GB]' }))).toEqual([]);
  });
});

describe('legal-event files: located errors with stable codes', () => {
  const cases: [string, string, string[]][] = [
    ['a malformed ECLI', decision({ ecli: 'ECLI:DE:2023:123' }), ['invalid-ecli@7:11']],
    ['an ECLI in lower case', decision({ ecli: 'ecli:de:bverwg:2023:1' }), ['invalid-ecli@7:11']],
    [
      'an ELI that is not an absolute URI',
      legislation({ eli: 'eli/at/act/2022/57' }),
      ['invalid-eli@10:10'],
    ],
    ['an unknown country', decision({ countries: '[DE, XX]' }), ['unknown-country@10:21']],
    [
      'a country that is not a code',
      decision({ countries: '[Germany]' }),
      ['invalid-format@10:17'],
    ],
    [
      'an unknown question',
      decision({ questions: '[fr-residence-period, fr-no-such-rule]' }),
      ['unknown-question@11:38'],
    ],
    ['an unknown edition', decision({ edition: '"2031"' }), ['unknown-edition@12:14']],
    [
      'a date after the reference date',
      decision({ date: '"2024-03-01"' }),
      ['event-after-reference-date@5:11'],
    ],
    ['a date that does not exist', decision({ date: '"2023-02-30"' }), ['invalid-date@5:11']],
    [
      "an ECLI of another country than the event's",
      decision({ ecli: 'ECLI:FR:CE:2023:1' }),
      ['ecli-country-mismatch@7:11'],
    ],
    [
      'a court decision without court and outcome',
      decision({ court: '', outcome: '' }),
      ['missing-field@2:5', 'missing-field@2:5'],
    ],
    [
      'legislation without in-force date',
      legislation({ in_force_date: '' }),
      ['missing-field@2:5'],
    ],
    ['an outcome on legislation', legislation({ outcome: 'upheld' }), ['field-not-for-kind@6:5']],
    ['an unknown outcome', decision({ outcome: 'quashed' }), ['invalid-value@8:14']],
    ['an unknown field', decision({ verdict: 'yes' }), ['unknown-field@13:5']],
    ['an id that is not kebab-case', decision({ id: 'DE_2023' }), ['invalid-format@2:9']],
  ];

  it.each(cases)('%s', (_name, text, expected) => {
    expect(located(check(text))).toEqual(expected);
  });

  it('a duplicate id, at the second event, naming the first', () => {
    const text = decision() + decision().replace('events:\n', '');
    const issues = check(text);
    expect(located(issues)).toEqual(['duplicate-id@13:9']);
    expect(issues[0]!.message).toContain('events.yaml:2');
  });

  it('warns (only) about legislation in force before it was adopted', () => {
    const issues = check(legislation({ in_force_date: '"2022-01-01"' }));
    expect(issues.map((i) => [i.severity, i.code])).toEqual([['warning', 'in-force-before-date']]);
  });
});

describe('import of legal events: all or nothing', () => {
  it('stores nothing when any event of any file has an error, and names file, line and column', () => {
    const dir = tempDir();
    const good = join(dir, 'good.yaml');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(good, legislation());
    writeFileSync(bad, decision({ date: '"2024-03-01"' }));
    const result = importLegalEventFiles(db, [good, bad], { user: 'tester' });
    expect(result.imported).toBe(0);
    expect(result.issues.map((i) => `${i.file}:${i.line}:${i.column}:${i.code}`)).toEqual([
      `${bad}:5:11:event-after-reference-date`,
    ]);
    expect(listLegalEvents(db)).toEqual([]);
  });

  it('refuses the same id in two files', () => {
    const dir = tempDir();
    const a = join(dir, 'a.yaml');
    const b = join(dir, 'b.yaml');
    writeFileSync(a, decision());
    writeFileSync(b, decision());
    const result = importLegalEventFiles(db, [a, b], { user: 'tester' });
    expect(result.issues.map((i) => `${i.file}:${i.line}:${i.code}`)).toEqual([
      `${b}:2:duplicate-id`,
    ]);
    expect(listLegalEvents(db)).toEqual([]);
  });

  it('stores valid files as drafts, with a history entry each', () => {
    const dir = tempDir();
    const file = join(dir, 'events.yaml');
    writeFileSync(file, legislation());
    const result = importLegalEventFiles(db, [file], { user: 'tester' });
    expect(result).toMatchObject({ issues: [], imported: 1, changed: 1 });
    const [stored] = listLegalEvents(db);
    expect(stored).toMatchObject({ status: 'draft', revision: 1, updatedBy: 'tester' });
    expect(stored!.event).toMatchObject({
      id: 'at-2022-settlement-act',
      inForceDate: '2022-07-01',
      court: null,
      countries: ['AT'],
    });
    // The same id in another edition: refused, the stored event unchanged.
    writeFileSync(file, legislation({ edition: '"2023"' }));
    const moved = importLegalEventFiles(db, [file], { user: 'tester' });
    expect(moved.issues.map((i) => i.code)).toEqual(['event-edition-changed']);
    expect(listLegalEvents(db)).toEqual([stored]);
  });
});
