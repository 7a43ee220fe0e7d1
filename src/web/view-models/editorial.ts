/**
 * The editors' key findings and recommendations as a profile shows them: the text frozen with
 * the revision shown (never the working copy), each recommendation's strand or question named in
 * the page's language with a link to it. Empty lists when the revision has no editors' text.
 */
import type { EditorialText } from '../../editorial/types.js';
import type { PublishedEdition } from '../../published/public-data.js';
import { labelIn } from '../i18n/page-language.js';

export interface EditorialView {
  keyFindings: string[];
  recommendations: {
    text: string;
    /** The strand or question the recommendation is about, or null. */
    ref: { id: string; label: string; href: string } | null;
  }[];
}

export function editorialView(
  text: EditorialText | null,
  edition: PublishedEdition,
  code: string,
): EditorialView {
  const { questionnaire } = edition;
  const id = edition.edition.id;
  const refOf = (ref: string | null): EditorialView['recommendations'][number]['ref'] => {
    if (ref === null) return null;
    const strand = questionnaire.strands.find((s) => s.id === ref);
    if (strand) return { id: ref, label: labelIn(strand.label), href: `/strands/${ref}/${id}` };
    const node = questionnaire.nodes.get(ref);
    // Checked when saved against the same questionnaire; a stale id is shown as the bare id.
    if (!node) return { id: ref, label: ref, href: `/countries/${code}/${id}` };
    const label = `${node.code ? `${node.code} ` : ''}${labelIn(node.label)}`;
    return { id: ref, label, href: `/countries/${code}/${id}#q-${ref}` };
  };
  return {
    keyFindings: [...(text?.keyFindings ?? [])],
    recommendations: (text?.recommendations ?? []).map((r) => ({
      text: r.text,
      ref: refOf(r.ref),
    })),
  };
}
