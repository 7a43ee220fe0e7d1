/**
 * The strands index (`/strands`): each strand of the published editions with what it measures,
 * in the questionnaire's own words, its dimensions, and its page in every published edition.
 * Strands are read from each edition's questionnaire, so a strand that a later questionnaire
 * version dropped still lists the editions that have it.
 */
import { derivedFrom, labelIn } from '../i18n/page-language.js';
import { type Strand } from '../../questionnaire/types.js';
import type { PublicData } from '../../published/public-data.js';

export interface StrandIndexEntry {
  id: string;
  label: string;
  /** What the strand measures: the first sentence of its guidance. */
  measures: string;
  /** Why it matters: its rationale. */
  why: string;
  crossCutting: boolean;
  dimensions: { id: string; label: string; measures: string }[];
  /** Its page in every published edition that has it, oldest first. */
  editions: { id: string; href: string }[];
}

export interface StrandsIndexView {
  strands: StrandIndexEntry[];
  illustrative: boolean;
}

/**
 * The first sentence of a text: up to the first full stop followed by a space and a capital
 * letter (guidance goes on with instructions to the coder, which a reader does not need here).
 */
export function firstSentence(text: string): string {
  const end = /[.!?](?=\s+\p{Lu})/u.exec(text);
  return end === null ? text.trim() : text.slice(0, end.index + 1).trim();
}

export function buildStrandsIndex(data: PublicData): StrandsIndexView {
  const byId = new Map<string, { strand: Strand; editions: string[] }>();
  let illustrative = false;
  for (const { id } of data.publishedEditions()) {
    const edition = data.edition(id)!;
    illustrative ||= edition.illustrative;
    for (const strand of edition.questionnaire.strands) {
      const entry = byId.get(strand.id);
      // The latest edition's wording wins: editions come oldest first.
      if (entry) {
        entry.strand = strand;
        entry.editions.push(id);
      } else byId.set(strand.id, { strand, editions: [id] });
    }
  }
  return {
    illustrative,
    strands: [...byId.values()].map(({ strand, editions }) => ({
      id: strand.id,
      label: labelIn(strand.label),
      measures: derivedFrom(labelIn(strand.guidance), firstSentence),
      why: labelIn(strand.rationale),
      crossCutting: strand.crossCutting,
      dimensions: strand.children.map((d) => ({
        id: d.id,
        label: labelIn(d.label),
        measures: derivedFrom(labelIn(d.guidance), firstSentence),
      })),
      editions: editions.map((e) => ({ id: e, href: `/strands/${strand.id}/${e}` })),
    })),
  };
}
