/**
 * Calendar dates as sheets, forms and editions write them: `YYYY-MM-DD`. The schema checks only
 * the shape, so `2025-02-30` would pass it; these functions decide whether such a text names a
 * day that exists and compare dates by their parts, never through the local time zone.
 */

const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The reference date of an edition named after a year, 1 January of it (`2024` → `2024-01-01`); null for any other name. */
export function yearReferenceDate(editionId: string): string | null {
  return /^\d{4}$/.test(editionId) ? `${editionId}-01-01` : null;
}

/** A real calendar date written YYYY-MM-DD: `2024-02-29` is one, `2025-02-30` and `2025-13-01` are not. */
export function isCalendarDate(value: string): boolean {
  const parts = DATE_SHAPE.exec(value);
  if (!parts) return false;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * Whether `date` lies more than `years` whole years before `reference` (both calendar dates):
 * `date + years` (same month and day) is earlier than `reference`. A date exactly `years`
 * before the reference is not older; 29 February plus a year is compared as 29 February, which
 * orders between 28 February and 1 March as it should.
 */
export function isOlderThanYears(date: string, reference: string, years: number): boolean {
  const [y, m, d] = dateParts(date);
  const [ry, rm, rd] = dateParts(reference);
  return y + years < ry || (y + years === ry && (m < rm || (m === rm && d < rd)));
}

function dateParts(value: string): [number, number, number] {
  const parts = DATE_SHAPE.exec(value);
  if (!parts) throw new Error(`not a date written YYYY-MM-DD: ${value}`);
  return [Number(parts[1]), Number(parts[2]), Number(parts[3])];
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Gregorian rule: every 4th year, except centuries not divisible by 400 (1900 no, 2000 yes). */
function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
