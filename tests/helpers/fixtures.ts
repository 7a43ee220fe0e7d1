import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { loadQuestionnaire } from '../../src/questionnaire/load-questionnaire.js';
import type { Questionnaire } from '../../src/questionnaire/types.js';

export const TESTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT_DIR = join(TESTS_DIR, '..');
export const FIXTURES_DIR = join(TESTS_DIR, 'fixtures');

export function fixturePath(...parts: string[]): string {
  return join(FIXTURES_DIR, ...parts);
}

/** Reads every `*.yaml` case file of a fixture folder (names starting with `_` are helpers). */
export function readCases<T>(folder: string): { name: string; data: T }[] {
  const dir = fixturePath(folder);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml') && !name.startsWith('_'))
    .sort()
    .map((name) => ({
      name: name.replace(/\.yaml$/, ''),
      data: parse(readFileSync(join(dir, name), 'utf8')) as T,
    }));
}

/** Loads a fixture questionnaire, failing the test run loudly if it is invalid. */
export function fixtureQuestionnaire(name: string): Questionnaire {
  const { questionnaire, issues } = loadQuestionnaire(fixturePath('questionnaires', name));
  if (!questionnaire)
    throw new Error(`fixture questionnaire ${name} is invalid: ${JSON.stringify(issues)}`);
  return questionnaire;
}

/** Captures what a CLI command prints. */
export function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (text: string) => out.push(text), err: (text: string) => err.push(text) },
    out: () => out.join('\n'),
    err: () => err.join('\n'),
  };
}
