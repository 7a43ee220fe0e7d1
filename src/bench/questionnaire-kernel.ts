/**
 * A hand-written Float64Array kernel for the project's questionnaire: the same arithmetic as the
 * engine (means of the answered children at every level, NaN = no score), spelled out for this
 * one tree. The benchmark compares the general engine with it. Question scores come in
 * questionnaire order; `QUESTION_CODES` guards that order.
 */
export const QUESTION_CODES = [
  ...['21', '22', '23', '24a', '24b', '25', '26', '27'],
  ...[
    '28a',
    '28b',
    '28c',
    '28d',
    '28e',
    '28f',
    '29a',
    '29b',
    '29c',
    '29d',
    '29e',
    '29f',
    '29g',
    '30',
    '31',
    '32',
  ],
  ...['33', '34', '35', '36', '37', '38', '39', '40', '41', '42', '43'],
  ...['98', '99', '100', '101a', '101b', '102', '103'],
  ...[
    '104a',
    '104b',
    '104c',
    '104d',
    '104e',
    '105a',
    '105b',
    '105c',
    '105d',
    '105e',
    '106',
    '107',
    '108',
    '109',
  ],
  ...['110', '111', '112', '113', '114a', '114b', '114c', '115a', '115b', '116'],
];

/** Mean of x[from..to) leaving out NaN; NaN when none. */
function range(x: Float64Array, from: number, to: number): number {
  let sum = 0;
  let n = 0;
  for (let i = from; i < to; i++) {
    const v = x[i]!;
    if (v === v) {
      sum += v;
      n++;
    }
  }
  return n > 0 ? sum / n : NaN;
}

/** Mean of the given values leaving out NaN; NaN when none. */
function mean(a: number, b: number, c = NaN, d = NaN, e = NaN, f = NaN, g = NaN): number {
  let sum = 0;
  let n = 0;
  if (a === a) {
    sum += a;
    n++;
  }
  if (b === b) {
    sum += b;
    n++;
  }
  if (c === c) {
    sum += c;
    n++;
  }
  if (d === d) {
    sum += d;
    n++;
  }
  if (e === e) {
    sum += e;
    n++;
  }
  if (f === f) {
    sum += f;
    n++;
  }
  if (g === g) {
    sum += g;
    n++;
  }
  return n > 0 ? sum / n : NaN;
}

export interface KernelOut {
  overall: Float64Array;
  familyReunification: Float64Array;
  accessToNationality: Float64Array;
  languageTests: Float64Array;
}

export function questionnaireKernel(sheets: readonly Float64Array[], out: KernelOut): void {
  for (let s = 0; s < sheets.length; s++) {
    const x = sheets[s]!;
    // Family reunification: questions 0–34.
    const partners = range(x, 3, 5);
    const frEligibility = mean(x[0]!, x[1]!, x[2]!, partners, x[5]!, x[6]!, x[7]!);
    const preEntry = range(x, 8, 14);
    const postEntry = range(x, 14, 21);
    const frConditions = mean(preEntry, postEntry, x[21]!, x[22]!, x[23]!);
    const frSecurity = range(x, 24, 29);
    const frRights = range(x, 29, 35);
    const fr = mean(frEligibility, frConditions, frSecurity, frRights);
    // Access to nationality: questions 35–65.
    const spouses = range(x, 38, 40);
    const atnEligibility = mean(x[35]!, x[36]!, x[37]!, spouses, x[40]!, x[41]!);
    const language = range(x, 42, 47);
    const integration = range(x, 47, 52);
    const atnConditions = mean(language, integration, x[52]!, x[53]!, x[54]!, x[55]!);
    const withdrawal = range(x, 60, 63);
    const atnSecurity = mean(x[56]!, x[57]!, x[58]!, x[59]!, withdrawal);
    const dual = range(x, 63, 65);
    const atnDual = mean(dual, x[65]!);
    const atn = mean(atnEligibility, atnConditions, atnSecurity, atnDual);
    out.familyReunification[s] = fr;
    out.accessToNationality[s] = atn;
    out.overall[s] = mean(fr, atn);
    out.languageTests[s] = mean(mean(preEntry, postEntry), mean(language, integration));
  }
}
