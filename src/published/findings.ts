/**
 * Findings in plain language, generated from a published edition: where a country stands
 * against its groups, its strongest and weakest strands, and the biggest change since the
 * previous comparable edition with the rules that caused it. Every number is written by the one
 * display rule (display.ts), so a sentence agrees with the tables it points to. A finding that
 * would need a missing number is left out: saying nothing is better than saying something wrong.
 */
import { labelText as englishLabel, type Label } from '../questionnaire/types.js';
import { bandFor } from '../scoring/bands.js';
import { editionChanges } from './changes.js';
import { change as displayedChange, shown, signed } from './display.js';
import type { PublicData, PublishedEdition } from './public-data.js';

export interface Finding {
  kind: 'position' | 'strongest' | 'weakest' | 'change';
  /** One sentence in plain English. */
  text: string;
  /** The place on the site that shows the numbers of the sentence. */
  href: string;
}

/** "12.35 points above", "3.00 points below" or "level with" (exact difference, displayed). */
function against(value: number, average: number): string {
  const difference = displayedChange(average, value)!;
  if (difference === '±0') return 'level with';
  const size = difference.slice(1);
  return `${size} ${size === '1.00' ? 'point' : 'points'} ${difference.startsWith('+') ? 'above' : 'below'}`;
}

/**
 * How the sentences name things: a label's language and the countries' names (default English;
 * a French page passes its own, so the names match the tables the sentences link to).
 */
export interface FindingNames {
  label?: (label: Label) => string;
  countries?: ReadonlyMap<string, string>;
}

/** "EU15", "EU15 and EU27", "EU15, EU27 and EU28". */
function inWords(items: string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** The automatic findings of `code` in `edition` (in the order a reader meets them). */
export function automaticFindings(
  data: PublicData,
  edition: PublishedEdition,
  code: string,
  names: FindingNames = {},
): Finding[] {
  const labelText = names.label ?? ((label: Label) => englishLabel(label));
  const { questionnaire } = edition;
  const nodes = edition.scores.get(code);
  if (!nodes) return [];
  const name = (names.countries ?? data.countryNames()).get(code) ?? code;
  const id = edition.edition.id;
  const profile = `/countries/${code}/${id}`;
  const score = (node: string) => nodes[node]?.score ?? null;
  const strands = questionnaire.strands.filter((s) => s.countInOverall);
  const findings: Finding[] = [];

  // Groups with the same averages (the same members in this edition) share one sentence.
  const overall = score('overall');
  const positions = new Map<string, string[]>();
  for (const { group, averages } of edition.groupAverages) {
    if (!group.members.includes(code)) continue;
    const average = averages.get('overall') ?? null;
    if (overall === null || average === null) continue;
    const above: string[] = [];
    const below: string[] = [];
    for (const strand of strands) {
      const value = score(strand.id);
      const mean = averages.get(strand.id) ?? null;
      if (value === null || mean === null) continue;
      const difference = displayedChange(mean, value)!;
      if (difference.startsWith('+')) above.push(labelText(strand.label));
      else if (difference.startsWith('-')) below.push(labelText(strand.label));
    }
    const detail = [
      above.length > 0 ? `above it on ${above.join(', ')}` : '',
      below.length > 0 ? `below it on ${below.join(', ')}` : '',
    ].filter((part) => part !== '');
    const sentence = [
      `${against(overall, average)} the {groups} (${shown(questionnaire, average)})`,
      detail.length > 0 ? `; ${detail.join(' and ')}.` : '.',
    ].join('');
    positions.set(sentence, [...(positions.get(sentence) ?? []), group.label]);
  }
  for (const [sentence, groups] of positions)
    findings.push({
      kind: 'position',
      text:
        `${name} scores ${shown(questionnaire, overall)} overall, ` +
        sentence.replace('{groups}', `${inWords(groups)} average${groups.length > 1 ? 's' : ''}`),
      href: `${profile}#groups-heading`,
    });

  const ranked = strands
    .map((strand) => ({ strand, value: score(strand.id) }))
    .filter((s): s is { strand: (typeof strands)[number]; value: number } => s.value !== null)
    .sort((a, b) => b.value - a.value);
  const describe = (entry: (typeof ranked)[number]) => {
    const band = bandFor(questionnaire.bands, entry.value, questionnaire.displayDecimals);
    const label = labelText(entry.strand.label);
    return `${label} (${shown(questionnaire, entry.value)}${band ? `, ${labelText(band.label).toLowerCase()}` : ''})`;
  };
  if (ranked.length >= 2) {
    const [best, worst] = [ranked[0]!, ranked.at(-1)!];
    if (shown(questionnaire, best.value) !== shown(questionnaire, worst.value)) {
      findings.push(
        {
          kind: 'strongest',
          text: `Its strongest area is ${describe(best)}.`,
          href: `/strands/${best.strand.id}/${id}`,
        },
        {
          kind: 'weakest',
          text: `Its weakest area is ${describe(worst)}.`,
          href: `/strands/${worst.strand.id}/${id}`,
        },
      );
    }
  }

  const change = biggestChange(data, edition, code, labelText);
  if (change) findings.push(change);
  return findings;
}

/** The strand that moved most since the previous comparable edition, and the rules that moved it. */
function biggestChange(
  data: PublicData,
  edition: PublishedEdition,
  code: string,
  labelText: (label: Label) => string,
): Finding | null {
  const previous = data.previousComparable(edition.edition.id);
  if (!previous?.comparable) return null;
  const before = data.edition(previous.edition);
  if (!before?.sheets.has(code) || !edition.sheets.has(code)) return null;
  const changes = editionChanges(data, code, before, edition);
  const href = `/countries/${code}/changes?from=${before.edition.id}&to=${edition.edition.id}`;
  const moves = changes.totals.filter(
    (t) => t.node !== 'overall' && t.values.before !== null && t.values.after !== null,
  );
  if (moves.length === 0) return null;
  const biggest = [...moves].sort((a, b) => Math.abs(b.exact) - Math.abs(a.exact))[0]!;
  if (biggest.change === '±0')
    return {
      kind: 'change',
      text: `No strand score changed since ${before.edition.id}.`,
      href,
    };
  const questionOf = (id: string) => edition.questionnaire.questions.find((q) => q.id === id);
  const rules = changes.rows
    .filter((row) => row.pointsStrandShown !== '±0')
    .filter((row) => questionOf(row.id)?.strandId === biggest.node)
    .sort((a, b) => Math.abs(b.pointsStrand) - Math.abs(a.pointsStrand))
    .slice(0, 3)
    .map(
      (row) =>
        `${row.code || row.id} ${labelText(questionOf(row.id)!.label)} (${signed(row.pointsStrand)})`,
    );
  return {
    kind: 'change',
    text:
      `The biggest change since ${before.edition.id} is in ${labelText(edition.questionnaire.nodes.get(biggest.node)!.label)}: ${biggest.change} ` +
      `(${biggest.before} → ${biggest.after})` +
      (rules.length > 0 ? `, mostly from ${rules.join('; ')}.` : '.'),
    href,
  };
}
