/**
 * A question's answer options, its own or a shared set from the index file: the set exists
 * (`unknown-option-set`), there are at least two options (`too-few-options`), option ids are
 * unique within the question (`duplicate-option-id`) and scores lie within 0–100
 * (`option-score-out-of-range`). Option ids are kebab-case (stage 1), so they never clash with
 * the missing-answer values `not_applicable`, `no_data`, `not_assessed`. Problems in a shared
 * set are reported at the question's `option_set` field, where the set is used.
 */
import type { Issue } from '../issues/issue.js';
import type { DocPath, YamlSource } from '../source/yaml-source.js';
import type { RawNode } from './node-kinds.js';
import type { RawIndexFile, RawOption } from './raw-schema.js';
import type { AnswerOption, Label } from './types.js';

export function resolveOptions(
  raw: RawNode,
  optionSets: RawIndexFile['option_sets'],
  source: YamlSource,
  path: DocPath,
  issues: Issue[],
): AnswerOption[] {
  let rawOptions: RawOption[];
  let optionsPath: DocPath = [...path, 'options'];
  if (raw.option_set !== undefined) {
    const set = optionSets?.[raw.option_set];
    if (!set) {
      const known = Object.keys(optionSets ?? {});
      issues.push(
        source.issue(
          'unknown-option-set',
          [...path, 'option_set'],
          `option set "${raw.option_set}" is not defined in the index file${known.length ? ` (defined: ${known.join(', ')})` : ''}`,
        ),
      );
      return [];
    }
    rawOptions = set;
    optionsPath = [...path, 'option_set'];
  } else {
    rawOptions = raw.options ?? [];
  }
  if (rawOptions.length < 2) {
    issues.push(
      source.issue(
        'too-few-options',
        optionsPath,
        `"${raw.id}" needs at least two options, has ${rawOptions.length}`,
      ),
    );
  }
  const seen = new Set<string>();
  rawOptions.forEach((option, i) => {
    const optionPath = raw.option_set !== undefined ? optionsPath : [...optionsPath, i];
    if (seen.has(option.id)) {
      issues.push(
        source.issue(
          'duplicate-option-id',
          [...optionPath, 'id'],
          `option id "${option.id}" is used twice in "${raw.id}"`,
        ),
      );
    }
    seen.add(option.id);
    if (!(Number.isFinite(option.score) && option.score >= 0 && option.score <= 100)) {
      issues.push(
        source.issue(
          'option-score-out-of-range',
          [...optionPath, 'score'],
          `score of option "${option.id}" must be between 0 and 100, not ${option.score}`,
        ),
      );
    }
  });
  return rawOptions.map((option) => ({
    id: option.id,
    label: option.label as Label,
    score: option.score,
    guidance: (option.guidance ?? null) as Label | null,
  }));
}
