/** Loader hooks of `record-modules.mjs`: appends each resolved module URL to the record file. */
import { appendFileSync } from 'node:fs';

let out = null;

export function initialize(data) {
  out = data.out;
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (out) appendFileSync(out, `${resolved.url}\n`);
  return resolved;
}
