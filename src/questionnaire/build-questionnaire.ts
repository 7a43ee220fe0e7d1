/**
 * Stage 2 of questionnaire validation: turns structurally valid files (stage 1, JSON Schema)
 * into the normalised `Questionnaire`, checking everything that needs the whole picture. The
 * steps, in order, each check in a file named after what it checks:
 *
 * 1. **The tree** (`place-nodes.ts`): every strand, dimension, indicator and item is placed
 *    under its parent and checked as it is placed — its kind and the fields of that kind
 *    (`node-kinds.ts`), its id and code (`node-ids.ts`), its weight (`weights.ts`), a
 *    question's answer options (`options.ts`), evidence rules, inherited down the tree
 *    (`evidence-rules.ts`), a composite's table rule (`table-rule.ts`), and for a reference
 *    that its strand is cross-cutting (`references.ts`);
 *    and a strand's facets and readings (`facets.ts`);
 * 2. **References** point at allowed nodes of other strands, without cycles (`references.ts`),
 *    and no reading id is a node id (`facets.ts`);
 * 3. **Skip logic** compiles against the questions and options, without circular conditions
 *    (`skip-logic.ts`);
 * 4. **Bands** cover 0–100 without gap or overlap (`bands.ts`);
 * 5. with no error, **the questionnaire**, with its content and scoring hashes
 *    (`questionnaire-hashes.ts`).
 *
 * All problems are collected in one pass, in that order; the questionnaire is returned only if
 * there is none.
 */
import type { Issue } from '../issues/issue.js';
import { checkBands } from './bands.js';
import { checkReadingIds } from './facets.js';
import { placeTree, type IndexInput, type StrandInput } from './place-nodes.js';
import { contentHash, scoringHash } from './questionnaire-hashes.js';
import { checkRefTargets } from './references.js';
import { compileSkipLogic } from './skip-logic.js';
import type { Label, Questionnaire } from './types.js';

export { DEFAULT_BANDS } from './bands.js';
export type { IndexInput, StrandInput } from './place-nodes.js';

export function buildQuestionnaire(
  index: IndexInput,
  strandInputs: StrandInput[],
): { questionnaire: Questionnaire | null; issues: Issue[] } {
  const issues: Issue[] = [];
  const tree = placeTree(index, strandInputs, issues); // 1. the tree, each node checked
  checkRefTargets(tree.refs, tree.index.nodes, issues); // 2. references
  checkReadingIds(tree.readings, tree.index.nodes, issues);
  compileSkipLogic(tree.questions, tree.origins, issues); // 3. skip logic
  const bands = checkBands(index.raw.bands, index.source, issues); // 4. bands
  if (issues.some((issue) => issue.severity === 'error')) return { questionnaire: null, issues };

  // 5. The questionnaire.
  const definition = {
    id: index.raw.id,
    title: index.raw.title as Label,
    description: (index.raw.description ?? null) as Label | null,
    version: index.raw.version,
    languages: index.raw.languages ?? ['en'],
    illustrative: index.raw.illustrative ?? false,
    displayDecimals: index.raw.display?.decimals ?? 0,
    bands,
  };
  // A declared licence is part of the content; without one the hash is what it was before.
  const dataLicence = index.raw.data_licence ?? null;
  const described = dataLicence ? { ...definition, dataLicence } : definition;
  return {
    questionnaire: {
      ...definition,
      dataLicence,
      overall: tree.overall,
      strands: tree.strands,
      nodes: tree.index.nodes,
      questions: tree.questions,
      hash: contentHash(described, tree.strands),
      scoringHash: scoringHash(tree.strands),
      files: [index.source.file, ...strandInputs.map((input) => input.source.file)],
    },
    issues,
  };
}
