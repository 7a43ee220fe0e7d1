/**
 * The cache of what is derived from the questionnaire's files (`derived-cache.ts`): a second load
 * of unchanged files is read from the cache and equals a fresh build; any change of any file is
 * read from the files again, never served stale; a broken cache is only a miss.
 */
import {
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { Ajv, type Options } from 'ajv';
import { load as parseYaml } from 'js-yaml';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerSheetSchema } from '../../src/answers/sheet-schema.js';
import { loadCountries } from '../../src/questionnaire/countries.js';
import { cachedDerivation, cachedValidator } from '../../src/questionnaire/derived-cache.js';
import { loadQuestionnaire } from '../../src/questionnaire/load-questionnaire.js';
import { labelText, type QuestionNode } from '../../src/questionnaire/types.js';
import { setEnv } from '../helpers/cli.js';
import { fixturePath } from '../helpers/fixtures.js';
import { temporaryDirPerTest } from '../storage/helpers.js';

const newDir = temporaryDirPerTest('derived-cache-');
let questionnaireDir: string;
let cacheDir: string;
let restore: () => void;

beforeEach(() => {
  const dir = newDir();
  questionnaireDir = join(dir, 'questionnaire');
  cacheDir = join(dir, 'cache');
  cpSync(fixturePath('questionnaires', 'tiny'), questionnaireDir, { recursive: true });
  restore = setEnv({ POLICY_INDEX_CACHE: cacheDir });
});
afterEach(() => restore());

function entries(kind: string): string[] {
  try {
    return readdirSync(cacheDir).filter((name) => name.startsWith(`${kind}-`));
  } catch {
    return [];
  }
}

function load() {
  const { questionnaire, issues } = loadQuestionnaire(questionnaireDir);
  if (!questionnaire) throw new Error(JSON.stringify(issues));
  return questionnaire;
}

function question(id: string): QuestionNode {
  const node = load().nodes.get(id);
  if (node?.kind !== 'question') throw new Error(`no question ${id}`);
  return node;
}

function edit(file: string, from: string, to: string): void {
  const path = join(questionnaireDir, file);
  const text = readFileSync(path, 'utf8');
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
}

const lookup = (i1: string) => ({
  option: (id: string) => (id === 'i1' ? i1 : null),
  score: () => null,
});

describe('the questionnaire cache', () => {
  it('reads an unchanged questionnaire from the cache, equal to a fresh build', () => {
    const built = load();
    const [entry] = entries('questionnaire');
    expect(entry).toBeDefined();
    const written = statSync(join(cacheDir, entry!));

    const cached = load();
    // A hit reads the entry and writes none (an entry is written whole and renamed into place).
    expect(entries('questionnaire')).toEqual([entry]);
    expect(statSync(join(cacheDir, entry!)).ino).toBe(written.ino);

    expect(cached).not.toBe(built);
    expect(cached.hash).toBe(built.hash);
    expect(cached.scoringHash).toBe(built.scoringHash);
    expect([...cached.nodes.keys()]).toEqual([...built.nodes.keys()]);
    expect(JSON.stringify(cached.strands)).toBe(JSON.stringify(built.strands));
    // One object per node, as built: the tree, the index and the question list share them.
    expect(cached.nodes.get('alpha')).toBe(cached.strands[0]);
    expect(cached.questions.every((q) => cached.nodes.get(q.id) === q)).toBe(true);
    // Skip logic is compiled again from its stored tree.
    const i2 = cached.nodes.get('i2') as QuestionNode;
    expect(i2.appliesIf?.source).toBe('answer("i1") != "good"');
    expect(i2.appliesIf?.dependsOn).toEqual(['i1']);
    expect(i2.appliesIf?.evaluate(lookup('good'))).toBe(false);
    expect(i2.appliesIf?.evaluate(lookup('bad'))).toBe(true);
  });

  it('reads a changed strand file again instead of serving the old questionnaire', () => {
    expect(labelText(question('q1').label)).toBe('Q1');
    edit('alpha.yaml', 'label: Q1,', 'label: Q1 renamed,');
    expect(labelText(question('q1').label)).toBe('Q1 renamed');
    edit('alpha.yaml', 'applies_if: answer("i1") != "good"', 'applies_if: answer("i1") == "bad"');
    const i2 = question('i2');
    expect(i2.appliesIf?.source).toBe('answer("i1") == "bad"');
    expect(i2.appliesIf?.evaluate(lookup('mid'))).toBe(false);
  });

  it('reads a changed index file again', () => {
    expect(question('q1').options.map((o) => o.score)).toEqual([100, 50, 0]);
    edit(
      'index.yaml',
      '{ id: mid, label: Middle, score: 50 }',
      '{ id: mid, label: Middle, score: 40 }',
    );
    expect(question('q1').options.map((o) => o.score)).toEqual([100, 40, 0]);
  });

  it('reports a questionnaire with errors every time and keeps nothing of it', () => {
    edit('alpha.yaml', 'answer("i1") != "good"', 'answer("i1") != "great"');
    for (let i = 0; i < 2; i++) {
      const { questionnaire, issues } = loadQuestionnaire(questionnaireDir);
      expect(questionnaire).toBeNull();
      expect(issues.map((issue) => issue.code)).toContain('expression-unknown-option');
    }
    expect(entries('questionnaire')).toEqual([]);
  });

  it('treats a corrupt entry as a miss and writes it anew', () => {
    const hash = load().hash;
    const [entry] = entries('questionnaire');
    writeFileSync(join(cacheDir, entry!), 'not an entry');
    expect(load().hash).toBe(hash);
    expect(readFileSync(join(cacheDir, entry!), 'utf8')).not.toBe('not an entry');
  });

  it('is off with POLICY_INDEX_CACHE=off', () => {
    const back = setEnv({ POLICY_INDEX_CACHE: 'off' });
    try {
      load();
      load();
    } finally {
      back();
    }
    expect(entries('questionnaire')).toEqual([]);
  });
});

describe('the country list cache', () => {
  it('reads a changed countries.yaml again', () => {
    expect(loadCountries(questionnaireDir).countries.map((c) => c.code)).toEqual([
      'AT',
      'DE',
      'FR',
    ]);
    expect(entries('countries')).toHaveLength(1);
    const cached = loadCountries(questionnaireDir);
    expect(cached.aliases.get('OE')).toBe('AT');
    expect(cached.codes?.has('FR')).toBe(true);
    edit(
      'countries.yaml',
      '{ code: FR, name: France }',
      '{ code: FR, name: France }\n  - { code: IT, name: Italy }',
    );
    expect(loadCountries(questionnaireDir).countries.map((c) => c.code)).toEqual([
      'AT',
      'DE',
      'FR',
      'IT',
    ]);
  });
});

describe('the compiled sheet validator cache', () => {
  /** The tiny questionnaire's sheet schema, as the sheet loader compiles it. */
  function sheetSchema() {
    const { $id: _id, ...schema } = answerSheetSchema(load());
    return schema;
  }
  /** The project's ajv options (`source/ajv.ts`). */
  const newAjv = (options: Options = {}) =>
    new Ajv({ allErrors: true, allowUnionTypes: true, strict: true, ...options });
  const compiled = (schema: object) =>
    cachedValidator('sheet-validator', schema, { inlineRefs: false }, newAjv, {
      POLICY_INDEX_CACHE: cacheDir,
    });

  /** A valid sheet and sheets broken in the ways the schema catches. */
  function sheets(): unknown[] {
    const text = readFileSync(fixturePath('sheets', 'tiny', '2024', 'AT.yaml'), 'utf8');
    const valid = parseYaml(text) as Record<string, unknown>;
    const answers = valid.answers as Record<string, unknown>;
    return [
      valid,
      { ...valid, answers: { ...answers, nonsense: { answer: 'good' } } },
      { ...valid, answers: { ...answers, q1: { answer: 'excellent' } } },
      { ...valid, country: 12, extra: true },
      { answers: 'none' },
    ];
  }

  it('loads the kept code, which answers exactly as a fresh compile', () => {
    const schema = sheetSchema();
    const fresh = newAjv().compile(schema);
    const first = compiled(schema);
    expect(entries('sheet-validator')).toHaveLength(1);
    const kept = compiled(schema);
    expect(kept).not.toBe(first);
    for (const sheet of sheets()) {
      expect(kept(sheet)).toBe(fresh(sheet));
      expect(kept.errors ?? null).toEqual(fresh.errors ?? null);
    }
    expect(sheets().map((sheet) => fresh(sheet))).toEqual([true, false, false, false, false]);
  });

  it('compiles another schema anew', () => {
    compiled(sheetSchema());
    edit(
      'index.yaml',
      '{ id: mid, label: Middle, score: 50 }',
      '{ id: so-so, label: Middle, score: 50 }',
    );
    const validate = compiled(sheetSchema());
    expect(entries('sheet-validator')).toHaveLength(2);
    // The sheet that was valid, with the renamed option: valid for the new schema only.
    const renamed = JSON.parse(
      JSON.stringify(sheets()[0]).replaceAll('"mid"', '"so-so"'),
    ) as unknown;
    expect(validate(renamed)).toBe(true);
    expect(validate(sheets()[0])).toBe(false);
  });
});

describe('the cache size', () => {
  it('keeps the 60 most recently used entries: a hit keeps an old entry', () => {
    let builds = 0;
    const derive = (n: number) =>
      cachedDerivation(
        {
          kind: 'numbers',
          mainFile: `numbers-${n}.yaml`,
          textOf: () => `n: ${n}`,
          build: () => {
            builds++;
            return { n };
          },
          filesOf: () => [],
        },
        { POLICY_INDEX_CACHE: cacheDir },
      );
    const paths: string[] = [];
    for (let n = 0; n < 60; n++) {
      derive(n);
      const [added] = entries('numbers').filter((name) => !paths.includes(join(cacheDir, name)));
      paths.push(join(cacheDir, added!));
      // Entry n was written n minutes after entry 0, an hour ago.
      const written = new Date(Date.now() - 3_600_000 + n * 60_000);
      utimesSync(paths[n]!, written, written);
    }
    expect(builds).toBe(60);
    expect(derive(0)).toEqual({ n: 0 }); // a hit: entry 0 is now the most recently used
    expect(builds).toBe(60);
    derive(60);
    expect(entries('numbers')).toHaveLength(60);
    expect(existsSync(paths[0]!)).toBe(true);
    expect(existsSync(paths[1]!)).toBe(false);
  });
});
