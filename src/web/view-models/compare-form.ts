/**
 * The compare page's form: the edition's countries by name, grouped, as checkboxes (it works
 * without JavaScript), the country the others are marked against, the "only differences" filter,
 * and quick picks of a country's nearest group peers. What was asked is kept, so that a refused
 * request comes back as the same form with the reason.
 */
import { countryNamesIn, pageLanguage } from '../i18n/page-language.js';
import { groupLabelIn, textIn } from '../i18n/catalogue.js';
import type { PublicData, PublishedEdition } from '../../published/public-data.js';
import { MAX_COMPARED, MIN_COMPARED } from './compare.js';

/** What a compare request asked for, as typed: codes upper-cased, in the order given. */
export interface CompareAsk {
  codes: string[];
  /** The country the others are marked against (the first column), if one was named. */
  against: string | null;
  onlyDifferences: boolean;
}

export interface CompareChoice {
  code: string;
  name: string;
  checked: boolean;
}

export interface CompareForm {
  editions: string[];
  edition: string;
  /** Disjoint fieldsets: each country under the first group (in the registry's order) it is in. */
  groups: { legend: string; choices: CompareChoice[] }[];
  /** Every country of the edition by name, for the "marked against" choice. */
  choices: { code: string; name: string; selected: boolean }[];
  onlyDifferences: boolean;
  /** With one country chosen: links that compare it with its nearest peers of each group. */
  quickPicks: { label: string; href: string }[];
  /** This comparison with every row, and with only the rows that differ. */
  allRowsHref: string;
  onlyDifferencesHref: string;
  /** A prompt when one country is chosen and more are needed; null otherwise. */
  prompt: string | null;
  min: number;
  max: number;
}

/** How many peers a quick pick adds to the reference country. */
const QUICK_PEERS = MAX_COMPARED - 1;

export function buildCompareForm(
  data: PublicData,
  edition: PublishedEdition,
  ask: CompareAsk,
): CompareForm {
  const names = countryNamesIn(data);
  const id = edition.edition.id;
  const nameOf = (code: string) => names.get(code) ?? code;
  const byName = (a: string, b: string) => nameOf(a).localeCompare(nameOf(b), pageLanguage());
  const chosen = new Set([...(ask.against ? [ask.against] : []), ...ask.codes]);
  const left = new Set(edition.countries);
  const groups: CompareForm['groups'] = [];
  const placed: string[] = [];
  for (const group of data.groups()) {
    const members = group.members.filter((m) => left.has(m));
    if (members.length === 0) continue;
    for (const m of members) left.delete(m);
    const legend =
      placed.length === 0
        ? groupLabelIn(group)
        : textIn('compareForm.notIn', {
            group: groupLabelIn(group),
            others: placed.join(textIn('compareForm.or')),
          });
    placed.push(groupLabelIn(group));
    groups.push({ legend, choices: members.sort(byName).map(choice) });
  }
  if (left.size > 0) {
    const legend = textIn(groups.length === 0 ? 'compareForm.countries' : 'compareForm.others');
    groups.push({ legend, choices: [...left].sort(byName).map(choice) });
  }
  function choice(code: string): CompareChoice {
    return { code, name: nameOf(code), checked: chosen.has(code) };
  }
  const reference = ask.against ?? ask.codes[0] ?? null;
  const known = reference !== null && edition.scores.has(reference);
  return {
    editions: data.publishedEditions().map((e) => e.id),
    edition: id,
    groups,
    choices: [...edition.countries]
      .sort(byName)
      .map((code) => ({ code, name: nameOf(code), selected: code === ask.against })),
    onlyDifferences: ask.onlyDifferences,
    allRowsHref: compareHref(id, ask.codes),
    onlyDifferencesHref: `${compareHref(id, ask.codes)}&only_differences=1`,
    quickPicks: known && chosen.size === 1 ? quickPicks(data, edition, reference, nameOf) : [],
    prompt:
      chosen.size === 1 && known
        ? textIn('compareForm.prompt', { max: MAX_COMPARED - 1, name: nameOf(reference) })
        : null,
    min: MIN_COMPARED,
    max: MAX_COMPARED,
  };
}

/**
 * For each group of the reference country with other members in the edition: the country with
 * the members nearest to it in overall score (up to five; ties by name), first column itself.
 */
function quickPicks(
  data: PublicData,
  edition: PublishedEdition,
  reference: string,
  nameOf: (code: string) => string,
): CompareForm['quickPicks'] {
  const overall = (code: string) => edition.scores.get(code)?.overall?.score ?? null;
  const own = overall(reference);
  const picks: CompareForm['quickPicks'] = [];
  for (const group of data.groups()) {
    if (!group.members.includes(reference)) continue;
    const peers = group.members.filter((m) => m !== reference && edition.scores.has(m));
    if (peers.length === 0) continue;
    const distance = (code: string) => Math.abs((overall(code) ?? Infinity) - (own ?? 0));
    const nearest = peers
      .sort(
        (a, b) => distance(a) - distance(b) || nameOf(a).localeCompare(nameOf(b), pageLanguage()),
      )
      .slice(0, QUICK_PEERS);
    const codes = [reference, ...nearest];
    const href = compareHref(edition.edition.id, codes);
    if (picks.some((p) => p.href === href)) continue; // EU28 and EU27 often give the same peers
    picks.push({
      label: textIn(peers.length > nearest.length ? 'compareForm.nearest' : 'compareForm.other', {
        count: nearest.length,
        name: nameOf(reference),
        group: groupLabelIn(group),
        members: nearest.map(nameOf).join(', '),
      }),
      href,
    });
  }
  return picks;
}

/** The compare page of these countries, the first marked against. */
export function compareHref(edition: string, codes: readonly string[]): string {
  return `/compare?edition=${encodeURIComponent(edition)}&countries=${codes.map(encodeURIComponent).join(',')}`;
}
