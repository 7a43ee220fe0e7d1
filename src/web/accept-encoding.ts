/**
 * Which content coding to send, from a request's `Accept-Encoding` (RFC 9110 §12.5.3), for
 * bodies kept ready in each coding. It decides as the `compression` middleware (its Negotiator)
 * does for uncached responses, so that a client gets the same coding on either path:
 * - a coding's quality is its own `;q=`, else that of `*`, else 0 (not acceptable);
 * - `identity` not named takes the quality of `*` if given, else the lowest non-zero quality
 *   named (1 if none);
 * - the highest quality wins; on a tie `br` before `gzip` before `identity`.
 * Nothing acceptable is answered with identity all the same (never 406): every client reads it.
 */

export type Coding = 'br' | 'gzip' | 'identity';

/** Preference on equal quality: the smaller body first. */
const ORDER: readonly Coding[] = ['br', 'gzip', 'identity'];

/**
 * Decisions already made, by header text, one table per set of codings available (index: br 2,
 * gzip 1). Browsers send a handful of distinct headers, and parsing one took more time than the
 * rest of a cached answer before routing; a table stops growing at {@link MAX_REMEMBERED}
 * headers, so a client sending a new header with every request costs only the parse.
 */
const remembered: Map<string, Coding>[] = [new Map(), new Map(), new Map(), new Map()];
const MAX_REMEMBERED = 64;

/** {@link chooseCoding}, remembering its answer for a header seen before. */
export function rememberedCoding(
  header: string | undefined,
  available: { br: boolean; gzip: boolean },
): Coding {
  if (header === undefined || header === '') return 'identity';
  const table = remembered[(available.br ? 2 : 0) + (available.gzip ? 1 : 0)]!;
  let coding = table.get(header);
  if (coding === undefined) {
    coding = chooseCoding(header, available);
    if (table.size < MAX_REMEMBERED) table.set(header, coding);
  }
  return coding;
}

/** The coding to send; `available` says which compressed bodies exist (identity always does). */
export function chooseCoding(
  header: string | undefined,
  available: { br: boolean; gzip: boolean },
): Coding {
  if (header === undefined || header === '') return 'identity';
  const quality = new Map<string, number>();
  let lowest = 1;
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.split(';');
    const coding = name.trim().toLowerCase();
    if (coding === '') continue;
    let q = 1;
    for (const param of params) {
      const [key = '', value = ''] = param.split('=');
      if (key.trim().toLowerCase() === 'q') q = parseQuality(value.trim());
    }
    // A coding named twice keeps its first quality, as Negotiator does.
    if (!quality.has(coding)) quality.set(coding, q);
    if (q > 0) lowest = Math.min(lowest, q);
  }
  const star = quality.get('*');
  const of = (coding: Coding): number => {
    if (coding === 'identity') return quality.get('identity') ?? star ?? lowest;
    return available[coding] ? (quality.get(coding) ?? star ?? 0) : 0;
  };
  let best: Coding = 'identity';
  let bestQuality = 0;
  for (const coding of ORDER) {
    const q = of(coding);
    if (q > bestQuality) {
      best = coding;
      bestQuality = q;
    }
  }
  return best;
}

/** `q=` is 0 to 1 with up to three decimals; anything else counts as not acceptable. */
function parseQuality(text: string): number {
  if (!/^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(text)) return 0;
  return Number(text);
}
