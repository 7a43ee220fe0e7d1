/**
 * Numbers typed by people (a query parameter, a command-line option, a score in a CSV file) are
 * read as decimals only. `Number()` also reads "0x32" and "0b110010" as 50, "1e3" as 1000, " 7 "
 * as 7 and "" as 0: a typo or a trick would pass as a value nobody wrote.
 */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d+)?|\.\d+)$/;

/** The number `text` writes in decimal (`12`, `-3`, `0.25`, `.5`), or NaN for anything else. */
export function decimalNumber(text: string): number {
  return DECIMAL.test(text) ? Number(text) : NaN;
}
