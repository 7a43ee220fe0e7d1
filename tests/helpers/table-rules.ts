/**
 * A sheet for the table-rules fixture questionnaire (tests/fixtures/questionnaires/table-rules),
 * scored by hand: pre-entry (course, test) → 17; post-entry (test; A2; none) → 60; fee 50 →
 * conditions 127 / 3; rights (100 + 0) / 2 = 50; overall (127 / 3 + 50) / 2.
 */
export const TABLE_SHEET_A: Readonly<Record<string, string>> = {
  'pre-language': 'course',
  'pre-integration': 'test',
  'post-form': 'test',
  'post-level': 'middle',
  'post-integration': 'none',
  fee: 'course',
  permit: 'none',
  work: 'test',
};
