/**
 * A synthetic questionnaire and answer sheets for benchmarks: 4 strands × 5 dimensions × (4
 * questions + 2 composites of 3 items) = 200 questions, with skip logic on the composites'
 * follow-up items. Answers come from a seeded generator, so every run measures the same work.
 */
import { stringify } from 'yaml';
import { seededRandom } from '../analysis/random.js';

export const SYNTHETIC_QUESTIONS = 200;

export function syntheticQuestionnaireFiles(): Record<string, string> {
  const options = [
    { id: 'full', label: 'Full', score: 100 },
    { id: 'part', label: 'Partial', score: 50 },
    { id: 'none', label: 'None', score: 0 },
  ];
  const files: Record<string, string> = {};
  const strands: string[] = [];
  for (let s = 0; s < 4; s++) {
    const dimensions = [];
    for (let d = 0; d < 5; d++) {
      const prefix = `s${s}-d${d}`;
      const indicators: unknown[] = [];
      for (let q = 0; q < 4; q++)
        indicators.push({ id: `${prefix}-q${q}`, label: `Question ${q}`, option_set: 'three' });
      for (let c = 0; c < 2; c++) {
        const first = `${prefix}-c${c}-i0`;
        indicators.push({
          id: `${prefix}-c${c}`,
          label: `Composite ${c}`,
          items: [0, 1, 2].map((i) => ({
            id: `${prefix}-c${c}-i${i}`,
            label: `Item ${i}`,
            option_set: 'three',
            ...(i > 0 ? { applies_if: `answer("${first}") != "full"` } : {}),
          })),
        });
      }
      dimensions.push({ id: prefix, label: `Dimension ${d}`, indicators });
    }
    const file = `strand-${s}.yaml`;
    files[file] = stringify({ id: `s${s}`, label: `Strand ${s}`, dimensions });
    strands.push(file);
  }
  files['index.yaml'] = stringify({
    id: 'synthetic',
    title: 'Synthetic benchmark questionnaire',
    version: '1.0.0',
    option_sets: { three: options },
    strands,
  });
  return files;
}

export { seededRandom } from '../analysis/random.js';

/** Answer sheets as YAML text, following the skip logic, with a source on every answer. */
export function syntheticSheets(
  questionIds: readonly string[],
  count: number,
  seed = 42,
): string[] {
  const random = seededRandom(seed);
  const choices = ['full', 'part', 'none'];
  const sheets: string[] = [];
  for (let n = 0; n < count; n++) {
    const lines = [
      'questionnaire: { id: synthetic, version: 1.0.0 }',
      `country: ${String.fromCharCode(65 + (n % 26))}${String.fromCharCode(65 + (Math.floor(n / 26) % 26))}`,
      `edition: "e${Math.floor(n / 676)}"`,
      'status: submitted',
      'answers:',
    ];
    const given = new Map<string, string>();
    for (const id of questionIds) {
      const match = /^(.*-c\d)-i(\d)$/.exec(id);
      const skipped = match && match[2] !== '0' && given.get(`${match[1]}-i0`) === 'full';
      const answer = skipped ? 'not_applicable' : choices[Math.floor(random() * 3)]!;
      given.set(id, answer);
      lines.push(`  ${id}:`, `    answer: ${answer}`);
      if (!skipped) {
        lines.push(
          '    sources:',
          `      - { title: Act ${n}, article: "§ ${lines.length}", date: "2020-01-01" }`,
        );
      }
    }
    sheets.push(`${lines.join('\n')}\n`);
  }
  return sheets;
}
