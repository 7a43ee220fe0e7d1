import { parseDocument, LineCounter, parse } from 'yaml';
import { loadQuestionnaireFromTexts } from './src/questionnaire/load-questionnaire.js';
import { syntheticQuestionnaireFiles, syntheticSheets } from './src/bench/synthetic.js';
const q = loadQuestionnaireFromTexts(syntheticQuestionnaireFiles()).questionnaire!;
const texts = syntheticSheets(
  q.questions.map((x) => x.id),
  200,
);
console.log(texts[0]!.length, texts[0]!.split('\n').length);
const bench = (name: string, f: (x: string) => unknown) => {
  for (const x of texts.slice(0, 20)) f(x);
  const t = performance.now();
  for (const x of texts) f(x);
  console.log(name, ((performance.now() - t) / 200).toFixed(3));
};
bench('parse', (x) => parse(x));
bench('parseDocument', (x) => parseDocument(x));
bench('parseDocument+lc', (x) => parseDocument(x, { lineCounter: new LineCounter() }));
bench('parseDocument core strict', (x) =>
  parseDocument(x, { schema: 'core', strict: true, uniqueKeys: true, prettyErrors: false }),
);
bench('doc+toJS', (x) =>
  parseDocument(x, {
    schema: 'core',
    strict: true,
    uniqueKeys: true,
    prettyErrors: false,
    lineCounter: new LineCounter(),
  }).toJS({ maxAliasCount: 50 }),
);
bench('uniqueKeys false', (x) => parseDocument(x, { uniqueKeys: false }));
const plain = texts.map((x) => x.replace(/ {4}sources:\n.*\n/g, ''));
const t = performance.now();
for (const x of plain) parseDocument(x);
console.log('no sources', ((performance.now() - t) / 200).toFixed(3), plain[0]!.length);
