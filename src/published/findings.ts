/**
 * Findings in plain language, generated from a published edition: where a country stands
 * against its groups, its strongest and weakest strands, and the biggest change since the
 * previous comparable edition with the rules that caused it. Every number is written by the one
 * display rule (display.ts), so a sentence agrees with the tables it points to. A finding that
 * would need a missing number is left out: saying nothing is better than saying something wrong.
 * The sentences are the interface catalogue's `findings.*` templates (locales/*.json), in the
 * language of the `say` the caller passes: a French profile's findings are French; the API's
 * stay English.
 */
import type { Label } from '../questionnaire/types.js';
import { bandFor } from '../scoring/bands.js';
import { roundHalfUp } from '../scoring/rounding.js';
import { editionChanges } from './changes.js';
import { change as displayedChange, precise, shown, signed } from './display.js';
import type { PublicData, PublishedEdition } from './public-data.js';

export interface Finding {
  kind: 'position' | 'strongest' | 'weakest' | 'change';
  /** One sentence in plain language (the language of the `say` given). */
  text: string;
  /** The place on the site that shows the numbers of the sentence. */
  href: string;
}

/** A catalogue template filled in (`{name}` values, plural by `count`): web/i18n `translate`. */
export type Say = (key: string, values?: Readonly<Record<string, string | number>>) => string;

/**
 * How the sentences are worded: the catalogue's templates in one language (`say`), labels in
 * that language and the countries' names (so the names match the tables the sentences link to).
 */
export interface FindingNames {
  say: Say;
  label: (label: Label) => string;
  /** A group's name (default: its label in countries.yaml). */
  group?: (group: { id: string; label: string }) => string;
  countries?: ReadonlyMap<string, string>;
}

/**
 * "12.35 points above the EU15 average", "3.00 points below…" or "level with…": the exact
 * difference as displayed, against the average of `groups` (one or several with that average).
 */
function against(say: Say, value: number, average: number, groups: string[]): string {
  const difference = displayedChange(average, value)!;
  const named = { count: groups.length, groups: inWords(say, groups) };
  if (difference === '±0') return say('findings.level', named);
  const points = say('findings.points', {
    count: roundHalfUp(Math.abs(value - average), 2),
    size: difference.slice(1),
  });
  return say(difference.startsWith('+') ? 'findings.above' : 'findings.below', {
    ...named,
    points,
  });
}

/** "EU15", "EU15 and EU27", "EU15, EU27 and EU28" (the catalogue's "and"). */
function inWords(say: Say, items: string[]): string {
  return items.length < 2
    ? items.join('')
    : say('findings.list', { items: items.slice(0, -1).join(', '), last: items.at(-1)! });
}

/** The automatic findings of `code` in `edition` (in the order a reader meets them). */
export function automaticFindings(
  data: PublicData,
  edition: PublishedEdition,
  code: string,
  { say, label: labelText, group: groupName = (g) => g.label, countries }: FindingNames,
): Finding[] {
  const { questionnaire } = edition;
  const nodes = edition.scores.get(code);
  if (!nodes) return [];
  const name = (countries ?? data.countryNames()).get(code) ?? code;
  const id = edition.edition.id;
  const profile = `/countries/${code}/${id}`;
  const score = (node: string) => nodes[node]?.score ?? null;
  const strands = questionnaire.strands.filter((s) => s.countInOverall);
  const findings: Finding[] = [];

  // Groups with the same averages (the same members in this edition) share one sentence.
  const overall = score('overall');
  const positions = new Map<string, { average: number; detail: string; groups: string[] }>();
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
      above.length > 0 ? say('findings.aboveOn', { strands: above.join(', ') }) : '',
      below.length > 0 ? say('findings.belowOn', { strands: below.join(', ') }) : '',
    ].filter((part) => part !== '');
    const sentence = {
      average,
      detail:
        detail.length > 0
          ? say('findings.detail', { detail: detail.join(say('findings.and')) })
          : '',
      groups: [groupName(group)],
    };
    const key = `${shown(questionnaire, average)}\u0000${sentence.detail}`;
    const same = positions.get(key);
    if (same) same.groups.push(groupName(group));
    else positions.set(key, sentence);
  }
  for (const { average, detail, groups } of positions.values())
    findings.push({
      kind: 'position',
      text: say('findings.position', {
        name,
        // To the two decimals of the difference the sentence gives, so that the three agree.
        score: precise(overall),
        against: against(say, overall!, average, groups),
        average: precise(average),
        detail,
      }),
      href: `${profile}#groups-heading`,
    });

  const ranked = strands
    .map((strand) => ({ strand, value: score(strand.id) }))
    .filter((s): s is { strand: (typeof strands)[number]; value: number } => s.value !== null)
    .sort((a, b) => b.value - a.value);
  const describe = (entry: (typeof ranked)[number]) => {
    const band = bandFor(questionnaire.bands, entry.value, questionnaire.displayDecimals);
    const label = labelText(entry.strand.label);
    const value = shown(questionnaire, entry.value);
    return band
      ? say('findings.areaBand', { label, value, band: labelText(band.label).toLowerCase() })
      : say('findings.area', { label, value });
  };
  if (ranked.length >= 2) {
    const [best, worst] = [ranked[0]!, ranked.at(-1)!];
    if (shown(questionnaire, best.value) !== shown(questionnaire, worst.value)) {
      findings.push(
        {
          kind: 'strongest',
          text: say('findings.strongest', { area: describe(best) }),
          href: `/strands/${best.strand.id}/${id}`,
        },
        {
          kind: 'weakest',
          text: say('findings.weakest', { area: describe(worst) }),
          href: `/strands/${worst.strand.id}/${id}`,
        },
      );
    }
  }

  const change = biggestChange(data, edition, code, { say, label: labelText });
  if (change) findings.push(change);
  return findings;
}

/** The strand that moved most since the previous comparable edition, and the rules that moved it. */
function biggestChange(
  data: PublicData,
  edition: PublishedEdition,
  code: string,
  { say, label: labelText }: FindingNames,
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
      text: say('findings.noChange', { edition: before.edition.id }),
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
    text: say('findings.biggest', {
      edition: before.edition.id,
      strand: labelText(edition.questionnaire.nodes.get(biggest.node)!.label),
      change: biggest.change,
      before: precise(biggest.values.before),
      after: precise(biggest.values.after),
      rules:
        rules.length > 0
          ? say('findings.rules', { rules: rules.join(say('findings.separator')) })
          : '',
    }),
    href,
  };
}
