/**
 * The uncertain inputs the robustness analysis finds in the sample questionnaire with the
 * default levels, in the kernel's order (one weight per dimension, then one rule per level):
 * shared by the kernel test and the API test, which must agree on them.
 */
export const SAMPLE_DEFAULT_INPUT_IDS: readonly string[] = [
  'weight:fr-eligibility',
  'weight:fr-conditions',
  'weight:fr-security',
  'weight:fr-rights',
  'weight:atn-eligibility',
  'weight:atn-conditions',
  'weight:atn-security',
  'weight:atn-dual-nationality',
  'aggregation:dimension',
  'aggregation:strand',
  'aggregation:overall',
];
