/**
 * Evidence rules as the questionnaire declares them: `evidence: { sources_required,
 * max_source_age_years }` on the index file (the default for everything), a strand, a dimension,
 * an indicator or an item. A node inherits its parent's rules and overrides them field by field,
 * so a question answered from older texts can relax the age limit without repeating the rest.
 */
import type { Issue } from '../issues/issue.js';
import type { DocPath, YamlSource } from '../source/yaml-source.js';
import type { RawEvidence } from './raw-schema.js';
import type { EvidenceRules } from './types.js';

/**
 * The rules of a node: its own declaration (if any) over its parent's. A maximum age must be a
 * whole number of years greater than 0 (`invalid-source-age`, located at the field); `null`
 * lifts an inherited limit. An invalid age is reported and the inherited one kept, so one
 * mistake yields one issue.
 */
export function resolveEvidenceRules(
  declared: RawEvidence | undefined,
  inherited: EvidenceRules,
  source: YamlSource,
  path: DocPath,
  issues: Issue[],
): EvidenceRules {
  if (declared === undefined) return inherited;
  let maxSourceAgeYears = inherited.maxSourceAgeYears;
  const age = declared.max_source_age_years;
  if (age === null) {
    maxSourceAgeYears = null;
  } else if (age !== undefined) {
    if (Number.isInteger(age) && age > 0) {
      maxSourceAgeYears = age;
    } else {
      issues.push(
        source.issue(
          'invalid-source-age',
          [...path, 'evidence', 'max_source_age_years'],
          `max_source_age_years must be a whole number of years greater than 0 (or null for no limit), not ${age}`,
        ),
      );
    }
  }
  return {
    sourcesRequired: declared.sources_required ?? inherited.sourcesRequired,
    maxSourceAgeYears,
  };
}
