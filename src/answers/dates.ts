/**
 * Calendar dates as sheets, forms and editions write them: `YYYY-MM-DD`. The schema checks only
 * the shape, so `2025-02-30` would pass it; these functions decide whether such a text names a
 * day that exists and compare dates by their parts, never through the local time zone.
 */

/** The reference date of an edition named after a year, 1 January of it (`2024` → `2024-01-01`); null for any other name. */
export function yearReferenceDate(editionId: string): string | null {
  return /^\d{4}$/.test(editionId) ? `${editionId}-01-01` : null;
}

/** A real calendar date written YYYY-MM-DD: `2024-02-29` is one, `2025-02-30` and `2025-13-01` are not. */
export function isCalendarDate(value: string): boolean {
  const n = dateNumber(value);
  if (n < 0) return false;
  const month = Math.floor(n / 100) % 100;
  const day = n % 100;
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Math.floor(n / 10000), month);
}

/**
 * Whether `date` lies more than `years` whole years before `reference` (both calendar dates):
 * `date + years` (same month and day) is earlier than `reference`. A date exactly `years`
 * before the reference is not older; 29 February plus a year is compared as 29 February, which
 * orders between 28 February and 1 March as it should.
 */
export function isOlderThanYears(date: string, reference: string, years: number): boolean {
  const n = dateNumber(date);
  const r = dateNumber(reference);
  if (n < 0 || r < 0) throw new Error(`not dates written YYYY-MM-DD: ${date}, ${reference}`);
  // YYYYMMDD orders as the dates do, and adding whole years adds 10,000 a year.
  return n + years * 10000 < r;
}

/**
 * A text of the shape YYYY-MM-DD (ASCII digits) as the number YYYYMMDD, whether or not that day
 * exists; -1 for any other text. Read character by character: a sheet holds a few hundred dates,
 * and the evidence checks read each of them (a regular expression's match allocated its parts).
 */
function dateNumber(value: string): number {
  if (value.length !== 10 || value.charCodeAt(4) !== DASH || value.charCodeAt(7) !== DASH)
    return -1;
  let n = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const digit = value.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
}

const DASH = 0x2d;
const ZERO = 0x30;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Gregorian rule: every 4th year, except centuries not divisible by 400 (1900 no, 2000 yes). */
function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
