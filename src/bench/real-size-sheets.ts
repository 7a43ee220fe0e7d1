/**
 * Real-size answer sheets for storage benchmarks and the soak: copies of a sample sheet
 * (`scores/2024/DE.yaml`: every question answered, with legal sources, comments and dates) for
 * other countries and editions, so that an import does the work a real one does.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes `count` sheets as `dir/{year}/{country}.yaml`, for every country of the questionnaire
 * and the editions `firstYear`, `firstYear + 1`, … (as many as needed), with status approved.
 * Returns the editions written.
 */
export function writeRealSizeSheets(
  root: string,
  dir: string,
  count: number,
  firstYear = 1990,
): string[] {
  const template = readFileSync(join(root, 'scores', '2024', 'DE.yaml'), 'utf8');
  const countries = readFileSync(join(root, 'questionnaire', 'countries.yaml'), 'utf8')
    .split('\n')
    .map((line) => /code: ([A-Z]{2})/.exec(line)?.[1])
    .filter((code): code is string => code !== undefined);
  const editions: string[] = [];
  let written = 0;
  for (let year = firstYear; written < count; year++) {
    mkdirSync(join(dir, String(year)), { recursive: true });
    editions.push(String(year));
    for (const country of countries) {
      if (written === count) break;
      const text = template
        .replace(/^country: DE$/m, `country: ${country}`)
        .replace(/^edition: "2024"$/m, `edition: "${year}"`)
        .replace(/^status: published$/m, 'status: approved');
      writeFileSync(join(dir, String(year), `${country}.yaml`), text);
      written++;
    }
  }
  return editions;
}
