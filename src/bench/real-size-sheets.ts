/**
 * Real-size answer sheets for benchmarks, tests and the soak: copies of a sample sheet
 * (`scores/2024/DE.yaml`, about 30 KB: every question answered, with legal sources, comments and
 * dates) for other countries and editions, so that validating or importing them does the work a
 * real one does.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RealSizeSheet {
  /** Where the sheet belongs, `{year}/{country}.yaml`, as `validate` expects it laid out. */
  path: string;
  edition: string;
  text: string;
}

/**
 * `count` sheets for every country of the questionnaire and the editions `firstYear`,
 * `firstYear + 1`, … (as many as needed), with status approved; an answer in force after
 * 1 January of its edition's year says it is in force since that day.
 */
export function realSizeSheets(root: string, count: number, firstYear = 1990): RealSizeSheet[] {
  const template = readFileSync(join(root, 'scores', '2024', 'DE.yaml'), 'utf8');
  const countries = readFileSync(join(root, 'questionnaire', 'countries.yaml'), 'utf8')
    .split('\n')
    .map((line) => /code: ([A-Z]{2})/.exec(line)?.[1])
    .filter((code): code is string => code !== undefined);
  const sheets: RealSizeSheet[] = [];
  for (let year = firstYear; sheets.length < count; year++) {
    // The edition codes the law of 1 January of its year: no rule in force later than that.
    const reference = `${year}-01-01`;
    const dated = template.replace(
      /^(\s+in_force_since: )"(\d{4}-\d{2}-\d{2})"$/gm,
      (_, key: string, date: string) => `${key}"${date > reference ? reference : date}"`,
    );
    for (const country of countries) {
      if (sheets.length === count) break;
      const text = dated
        .replace(/^country: DE$/m, `country: ${country}`)
        .replace(/^edition: "2024"$/m, `edition: "${year}"`)
        .replace(/^status: published$/m, 'status: approved');
      sheets.push({ path: `${year}/${country}.yaml`, edition: String(year), text });
    }
  }
  return sheets;
}

/**
 * Writes `count` real-size sheets as `dir/{year}/{country}.yaml` (see `realSizeSheets`).
 * Returns the editions written.
 */
export function writeRealSizeSheets(
  root: string,
  dir: string,
  count: number,
  firstYear = 1990,
): string[] {
  const editions = new Set<string>();
  for (const sheet of realSizeSheets(root, count, firstYear)) {
    if (!editions.has(sheet.edition)) mkdirSync(join(dir, sheet.edition), { recursive: true });
    editions.add(sheet.edition);
    writeFileSync(join(dir, sheet.path), sheet.text);
  }
  return [...editions];
}
