/**
 * The child of the per-core calibration (core-speeds.ts): `node core-speed-child.js DIR COUNT
 * PASSES` reads the first COUNT sheet files under DIR into memory, loads each once with js-yaml to
 * warm up, then times PASSES more passes of the same raw parse the bench's baseline runs
 * (`rawParse`) and prints `{"ms": …}`. Its parent pins it to one core.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { findSheetFiles } from '../answers/load-sheet.js';
import { rawParse } from './parse-bench.js';

const [dir, count, passes] = process.argv.slice(2);
const bytes = findSheetFiles(dir!)
  .slice(0, Number(count))
  .map((file) => readFileSync(file));
rawParse(bytes);
const start = performance.now();
for (let pass = 0; pass < Number(passes); pass++) rawParse(bytes);
process.stdout.write(`${JSON.stringify({ ms: performance.now() - start })}\n`);
