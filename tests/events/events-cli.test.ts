/** import-events, export-events and validate-events against a temporary POLICY_INDEX_DB. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cli, temporaryWorkingDatabase } from '../helpers/cli.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = temporaryWorkingDatabase('events-cli-', {
    firstStart: true,
    env: { POLICY_INDEX_USER: 'tester' },
  }));
});
afterAll(() => cleanup());

const NEW_EVENT = `events:
  - id: pt-2023-dependent-parents-act
    kind: legislation
    title: Act on dependent parents
    date: "2023-07-03"
    in_force_date: "2023-10-01"
    summary: Parents are admitted only when they depend on the sponsor.
    countries: [PT]
    questions: [fr-dependent-parents]
    edition: "2024"
`;

describe('policy-index export-events and import-events', () => {
  it('exports the sample events with their status; importing the export changes nothing', () => {
    const exported = cli('export-events');
    expect(exported.code).toBe(0);
    expect(exported.err).toBe('');
    const events = (parse(exported.out) as { events: { id: string; status: string }[] }).events;
    expect(events).toHaveLength(5);
    expect(events.every((e) => e.status === 'published')).toBe(true);
    expect(exported.out).toMatch(
      /^# yaml-language-server: \$schema=questionnaire\/schema\/legal-events\.schema\.json/,
    );
    const file = join(dir, 'all.yaml');
    writeFileSync(file, exported.out);
    const again = cli('import-events', file);
    expect(again).toMatchObject({ code: 0, err: '' });
    expect(again.out).toBe('imported 5 legal events (0 new or changed)');
    expect(cli('export-events').out).toBe(exported.out);
  });

  it('exports one edition with --edition, and refuses an unknown one', () => {
    const only2019 = parse(cli('export-events', '--edition', '2019').out) as { events: unknown[] };
    expect(only2019.events).toHaveLength(1);
    const unknown = cli('export-events', '--edition', '2099');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/^error\[unknown-edition\]: no edition "2099"/);
    expect(cli('export-events', '--edition', '../x').code).toBe(2);
  });

  it('imports a new event as a draft, and the round trip keeps it so', () => {
    const file = join(dir, 'new.yaml');
    writeFileSync(file, NEW_EVENT);
    const imported = cli('import-events', '--reason', 'test', file);
    expect(imported.out).toBe('imported 1 legal event (1 new or changed)');
    const out = join(dir, 'round.yaml');
    expect(cli('export-events', '--edition', '2024', '--out', out).out).toMatch(
      /wrote 5 legal events to/,
    );
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/id: pt-2023-dependent-parents-act[\s\S]*status: draft/);
    expect(cli('import-events', out).out).toBe('imported 5 legal events (0 new or changed)');
  });

  it('refuses a file with errors: located problems on stderr, nothing stored', () => {
    const before = cli('export-events').out;
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      NEW_EVENT.replace('pt-2023-dependent-parents-act', 'pt-2023-other-act')
        .replace('[PT]', '[PT, XX]')
        .replace('"2023-07-03"', '"2024-07-03"'),
    );
    const refused = cli('import-events', file);
    expect(refused.code).toBe(1);
    expect(refused.out).toBe('');
    expect(refused.err).toContain(`${file}:5:11: error[event-after-reference-date]`);
    expect(refused.err).toContain(`${file}:8:21: error[unknown-country]`);
    expect(refused.err).toMatch(/import refused \(2 errors\): nothing was stored/);
    expect(cli('export-events').out).toBe(before);
  });

  it('validate-events checks without storing', () => {
    const file = join(dir, 'check.yaml');
    writeFileSync(file, NEW_EVENT.replace('pt-2023-dependent-parents-act', 'pt-2023-check'));
    expect(cli('validate-events', file)).toMatchObject({
      code: 0,
      out: '1 legal event valid (0 warnings)',
    });
    expect(cli('export-events').out).not.toContain('pt-2023-check');
    writeFileSync(file, NEW_EVENT.replace('fr-dependent-parents', 'fr-nothing'));
    const bad = cli('validate-events', file);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(`${file}:9:17: error[unknown-question]`);
    expect(cli('import-events').code).toBe(2);
  });
});
