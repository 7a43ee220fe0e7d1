/**
 * The one sentence every output carrying sample data repeats (sheets marked `illustrative: true`):
 * score output, downloads, the workbook's README sheet. One wording, so that a reader meets the
 * same warning in every file and a test can look for it.
 */
export const ILLUSTRATIVE_NOTICE =
  'ILLUSTRATIVE SAMPLE DATA — not a real assessment of any country.';
