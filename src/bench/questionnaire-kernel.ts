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
  // The language-tests strand's own questions (questionnaire 1.1.0): gates fr, pr, nat.
  ...['lt-fr-1', 'lt-fr-2', 'lt-fr-3', 'lt-fr-4'],
  ...['lt-pr-1', 'lt-pr-2', 'lt-pr-3', 'lt-pr-4', 'lt-pr-5', 'lt-pr-6', 'lt-pr-7'],
  ...['lt-pr-8', 'lt-pr-9', 'lt-pr-10'],
  ...['lt-nat-1', 'lt-nat-2', 'lt-nat-3', 'lt-nat-4', 'lt-nat-5'],
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
    // Language tests (cross-cutting): three gates × form, level, exemptions, support,
    // consequence, from references to the strands above and questions 66–84 of its own.
    const ltFamily = mean(
      mean(x[8]!, x[9]!, x[14]!, x[16]!),
      mean(x[66]!, x[15]!),
      mean(x[10]!, x[17]!),
      mean(x[11]!, x[12]!, x[13]!, x[18]!, x[19]!, x[20]!),
      range(x, 67, 70),
    );
    const ltResidence = mean(range(x, 70, 72), x[72]!, x[73]!, range(x, 74, 77), range(x, 77, 80));
    const ltNationality = mean(
      mean(x[80]!, x[47]!),
      x[81]!,
      mean(x[43]!, x[48]!),
      mean(x[44]!, x[45]!, x[46]!, x[49]!, x[50]!, x[51]!),
      range(x, 82, 85),
    );
    out.languageTests[s] = mean(ltFamily, ltResidence, ltNationality);
  }
}

/**
 * The same for the 2020-generation questionnaire (questionnaire/generation-2020), whose
 * composites bb28 and bb29 look their points up in a table: the kernel spells the tables out
 * by hand below, so that `engine_over_kernel` covers table rules too.
 */
export const GENERATION_2020_CODES = [
  ...['ba21', 'ba26ba27', 'bb28a', 'bb28b', 'bb29a', 'bb29b', 'bb29c', 'bb31', 'bb30'],
  ...['bc34', 'bc35', 'bc36', 'bd38'],
  ...['fa98', 'fa102_new', 'fb104a', 'fb105a', 'fb106', 'fb107', 'fd115ab'],
  'eb84a',
];

/** Option index of a three-option item scoring 100 / 50 / 0; 3 for no points. */
function option3(x: number): number {
  return x === 100 ? 0 : x === 50 ? 1 : x === 0 ? 2 : 3;
}

/**
 * bb28, indexed language + 4 · integration: no language measure gives 100 whatever the
 * integration measure; otherwise course/test × none/course/test give 83/67, 50/33, 17/0.
 */
// prettier-ignore
const BB28 = Float64Array.from([
  100, 83, 67, NaN, // integration: none
  100, 50, 33, NaN, // course
  100, 17, 0, NaN, //  test
  100, NaN, NaN, NaN, // no points
]);

/**
 * bb29, indexed form + 4 · level + 16 · integration: no language measure 100, a course 90; a
 * test 80 − 10 per level step (A1, A2, B1) − 30 per integration step (none, course, test); no
 * score when a needed item has none.
 */
const BB29 = Float64Array.from({ length: 64 }, (_, cell) => {
  const form = cell % 4;
  const level = Math.floor(cell / 4) % 4;
  const integration = Math.floor(cell / 16);
  if (form === 0) return 100;
  if (form === 1) return 90;
  if (form === 3 || level === 3 || integration === 3) return NaN;
  return 80 - 10 * level - 30 * integration;
});

export interface Generation2020Out {
  overall: Float64Array;
  permanentResidence: Float64Array;
}

export function generation2020Kernel(
  sheets: readonly Float64Array[],
  out: Generation2020Out,
): void {
  const family = new Float64Array(9);
  for (let s = 0; s < sheets.length; s++) {
    const x = sheets[s]!;
    const income = x[7]!;
    const housing = x[8]!;
    family[0] = x[0]!;
    family[1] = x[1]!;
    family[2] = BB28[option3(x[2]!) + 4 * option3(x[3]!)]!;
    family[3] = BB29[option3(x[4]!) + 4 * option3(x[5]!) + 16 * option3(x[6]!)]!;
    family[4] =
      income === income
        ? housing === housing
          ? (0.67 * income + 0.33 * housing) / (0.67 + 0.33)
          : income
        : housing;
    family[5] = x[9]!;
    family[6] = x[10]!;
    family[7] = x[11]!;
    family[8] = x[12]!;
    const fam = range(family, 0, 9);
    const requirements = range(x, 15, 19);
    const cit = mean(x[13]!, x[14]!, requirements, x[19]!);
    out.overall[s] = mean(fam, cit);
    out.permanentResidence[s] = x[20]!;
  }
}
