/**
 * A 2026 edition of Austria in the 2020 questionnaire, after the 2025 one of the two-instrument
 * database (two-instruments.ts): the 2025 sheet with one answer changed in each strand, imported,
 * approved and published through the CLI — so that the 2020 strands have published changes
 * between two editions of their own questionnaire. Call it while that database is the working
 * one (before its `close`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { sheetToYaml } from '../../src/answers/write-sheet.js';
import type { Db } from '../../src/storage/database.js';
import { getSheet } from '../../src/storage/sheet-repository.js';
import { cli } from '../helpers/cli.js';
import { temporaryDir } from '../storage/helpers.js';
import { q2020 } from './helpers.js';

/** The answers changed in 2026, question id → the 2026 answer (differs from any 2025 one). */
export function changed2026(db: Db): Record<string, string> {
  const before = getSheet(db, { country: 'AT', edition: '2025' })!.sheet.answers;
  const other = (id: string, a: string, b: string) => (before.get(id)?.answer === a ? b : a);
  return {
    'fam-dependent-relatives': other('fam-dependent-relatives', 'both-allowed', 'neither'),
    'cit-residence-period': other('cit-residence-period', 'up-to-five-years', 'ten-years-or-more'),
    'pr-language-form': other('pr-language-form', 'none', 'test'),
  };
}

export function addLater2020Edition(db: Db): void {
  const stored = getSheet(db, { country: 'AT', edition: '2025' })!.sheet;
  const answers = new Map(stored.answers);
  for (const [id, answer] of Object.entries(changed2026(db)))
    answers.set(id, { ...answers.get(id)!, answer });
  const temp = temporaryDir('policy-index-2026-');
  try {
    mkdirSync(join(temp.dir, '2026'));
    writeFileSync(
      join(temp.dir, '2026', 'AT.yaml'),
      sheetToYaml({ ...stored, edition: '2026', status: 'submitted', answers }, q2020),
    );
    expect(cli('import-sheets', join(temp.dir, '2026')).code).toBe(0);
    expect(cli('approve', '2026').code).toBe(0);
    expect(cli('publish', '2026', '--partial').code).toBe(0);
  } finally {
    temp.cleanup();
  }
}
