import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { loadQuestionnaireFromTexts } from './src/questionnaire/load-questionnaire.js';
import { formatIssue } from './src/issues/format-issues.js';
const d = 'tests/fixtures/questionnaire-errors/';
const base = Object.fromEntries(readdirSync(d + '_base').map((n) => [n, readFileSync(d + '_base/' + n, 'utf8')]));
for (const name of process.argv.slice(2)) {
  const c = parse(readFileSync(d + name + '.yaml', 'utf8'));
  const r = loadQuestionnaireFromTexts({ ...base, ...c.files });
  console.log('==', name, JSON.stringify(c.expect));
  for (const i of r.issues) console.log('  ', formatIssue(i));
}
