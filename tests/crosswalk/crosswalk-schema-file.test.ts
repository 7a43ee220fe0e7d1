/**
 * The crosswalk's JSON Schema is one file, `questionnaire/schema/crosswalk.schema.json`: the
 * editors' (every crosswalk names it in its `yaml-language-server` line) and the loader's (read
 * from there, with no second copy in the code). So an editor checking a crosswalk with the file
 * accepts and refuses exactly what the loader does, and the loader's refusals stay located.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CROSSWALK_SCHEMA_FILE,
  crosswalkFileSchema,
} from '../../src/crosswalk/crosswalk-schema.js';
import { parseCrosswalkText } from '../../src/crosswalk/load-crosswalk.js';
import { formatIssue } from '../../src/issues/format-issues.js';
import { createAjv } from '../../src/source/ajv.js';
import { parseYamlSource } from '../../src/source/yaml-source.js';
import { ROOT_DIR } from '../helpers/fixtures.js';
import { CROSSWALKS_DIR, q2015, q2020 } from './helpers.js';

const SCHEMA_DIR = join(ROOT_DIR, 'questionnaire', 'schema');
const fileSchema = () => JSON.parse(readFileSync(CROSSWALK_SCHEMA_FILE, 'utf8')) as object;
const crosswalks = readdirSync(CROSSWALKS_DIR).filter((f) => f.endsWith('.yaml'));

/** What an editor does with the file: validate the YAML's value against it, on its own. */
function editorAccepts(text: string): boolean {
  const validate = createAjv().compile(fileSchema());
  return validate(parseYamlSource('edited.yaml', text).value) === true;
}

describe('questionnaire/schema/crosswalk.schema.json', () => {
  it('is the schema the loader checks with, beside the other schema files, in their draft', () => {
    expect(CROSSWALK_SCHEMA_FILE).toBe(join(SCHEMA_DIR, 'crosswalk.schema.json'));
    expect(crosswalkFileSchema()).toEqual(fileSchema());
    const draft = (name: string) =>
      (JSON.parse(readFileSync(join(SCHEMA_DIR, name), 'utf8')) as { $schema: string }).$schema;
    expect(draft('crosswalk.schema.json')).toBe(draft('questionnaire-strand.schema.json'));
  });

  it.each(crosswalks)('is named by the first line of %s, and accepts it', (name) => {
    const text = readFileSync(join(CROSSWALKS_DIR, name), 'utf8');
    const header = /^# yaml-language-server: \$schema=(\S+)\n/.exec(text);
    expect(header, 'the first line names the schema').not.toBeNull();
    expect(resolve(dirname(join(CROSSWALKS_DIR, name)), header![1]!)).toBe(CROSSWALK_SCHEMA_FILE);
    expect(editorAccepts(text)).toBe(true);
  });

  it('has no second copy in the code', () => {
    const title = (fileSchema() as { title: string }).title;
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory()
          ? sources(join(dir, e.name))
          : e.name.endsWith('.ts')
            ? [join(dir, e.name)]
            : [],
      );
    const copies = sources(join(ROOT_DIR, 'src')).filter(
      (file) =>
        /additionalProperties|Crosswalk between two questionnaires/.test(
          readFileSync(file, 'utf8'),
        ) && file.includes('crosswalk'),
    );
    expect(title).toBe('Crosswalk between two questionnaires');
    expect(copies).toEqual([]);
  });
});

describe('the editor and the loader agree', () => {
  const FILE = '2015-to-2020.yaml';
  const TEXT = readFileSync(join(CROSSWALKS_DIR, FILE), 'utf8');
  // Stage-1 breaks: each refused by the schema file, so by the editor and by the loader alike.
  const BREAKS = [
    { name: 'a misspelt field', replace: 'title: 2015', by: 'titel: 2015', code: 'unknown-field' },
    {
      name: 'a version that is not x.y.z',
      replace: 'version: 1.0.0\nfrom',
      by: 'version: one\nfrom',
    },
    { name: 'no questions', replace: /questions:[^]*$/, by: 'questions: []\n' },
    { name: 'a merge of one source', replace: 'from: ["26", "27"]', by: 'from: ["26"]' },
    {
      name: 'a rule row with an empty condition',
      replace: 'when: { "26": all-dependent }',
      by: 'when: {}',
    },
    {
      name: 'an entry field the format lacks',
      replace: '- to: ba21',
      by: '- to: ba21\n    note: x',
      code: 'unknown-field',
    },
  ];

  it.each(BREAKS)('$name: refused by both, located by the loader', ({ replace, by, code }) => {
    const text = TEXT.replace(replace, by);
    expect(text).not.toBe(TEXT);
    expect(editorAccepts(text)).toBe(false);
    const { crosswalk, issues } = parseCrosswalkText(FILE, text, q2015, q2020);
    expect(crosswalk).toBeNull();
    expect(issues.length).toBeGreaterThan(0);
    if (code) expect(issues.map((i) => i.code)).toContain(code);
    for (const issue of issues)
      expect(formatIssue(issue)).toMatch(new RegExp(`^${FILE}:\\d+:\\d+: error\\[[a-z-]+\\]: `));
  });

  it('the shipped crosswalks load (the schema accepts what the loader then checks)', () => {
    const { crosswalk, issues } = parseCrosswalkText(FILE, TEXT, q2015, q2020);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(crosswalk).not.toBeNull();
  });
});
