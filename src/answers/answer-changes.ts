/**
 * What changed between two versions of one answer, in words, one line per change: the answer,
 * each legal source (matched by title and article, so a source added in front does not make
 * every other look changed), the comment, "in force since" and the confidence. `history` prints
 * these instead of the two versions side by side, which look identical when only a source's date
 * or address changed.
 */
import type { AnswerEntry, LegalSource } from './types.js';

const NONE = '(none)';

/** The changes from `before` to `after`, in reading order; empty when they are the same. */
export function answerChanges(before: AnswerEntry | null, after: AnswerEntry | null): string[] {
  const lines: string[] = [];
  const was = before ?? undefined;
  const is = after ?? undefined;
  const field = (label: string, a: string | null | undefined, b: string | null | undefined) => {
    if ((a ?? null) !== (b ?? null)) lines.push(`${label}: ${shown(a)} → ${shown(b)}`);
  };
  field('answer', was?.answer, is?.answer);
  lines.push(...sourceChanges(was?.sources ?? [], is?.sources ?? []));
  field('comment', quoted(was?.comment), quoted(is?.comment));
  field('in force since', was?.inForceSince, is?.inForceSince);
  field('confidence', was?.confidence, is?.confidence);
  return lines;
}

function sourceChanges(before: readonly LegalSource[], after: readonly LegalSource[]): string[] {
  const lines: string[] = [];
  const unmatched = [...before];
  for (const source of after) {
    const index = unmatched.findIndex(
      (old) => old.title === source.title && old.article === source.article,
    );
    if (index === -1) {
      lines.push(`source added: ${describeSource(source)}`);
      continue;
    }
    const [old] = unmatched.splice(index, 1) as [LegalSource];
    const name = `source "${source.title}"${source.article ? ` ${source.article}` : ''}`;
    if (old.url !== source.url)
      lines.push(`${name}: address ${shown(old.url)} → ${shown(source.url)}`);
    if (old.date !== source.date)
      lines.push(`${name}: date ${shown(old.date)} → ${shown(source.date)}`);
  }
  for (const old of unmatched) lines.push(`source removed: ${describeSource(old)}`);
  return lines;
}

function describeSource(source: LegalSource): string {
  return [`"${source.title}"`, source.article, source.url, source.date]
    .filter((part): part is string => part !== null)
    .join(', ');
}

function shown(value: string | null | undefined): string {
  return value ?? NONE;
}

function quoted(value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}
