/**
 * Facets and readings (issue 13): a strand may declare the kinds of fact it records (`facets`),
 * its indicators name the one each records (`facet`), and its `readings` combine the indicators
 * of some facets only (computed in `scoring/readings.ts`). Checked here, as the strand is placed:
 *
 * - facets and readings are declared once each (`duplicate-facet-id`, `duplicate-reading-id`);
 * - readings and indicators' facets need the strand's `facets` (`undeclared-facets`), and name
 *   declared ones (`reading-unknown-facet`, `unknown-facet`);
 * - once the strand is placed, each reading has an indicator to read (`reading-without-indicators`);
 * - once every strand is placed, no reading id is a node id (`duplicate-reading-id`).
 *
 * `facet` anywhere but on an indicator is refused in stage 1 (`facet-not-on-indicator`, worded in
 * `load-questionnaire.ts`); a `direction` other than `as-scored` or `inverted` too (`invalid-value`).
 */
import type { Issue } from '../issues/issue.js';
import type { DocPath, YamlSource } from '../source/yaml-source.js';
import type { RawNode } from './node-kinds.js';
import type { RawStrandFile } from './raw-schema.js';
import type { Facet, Label, QuestionnaireNode, Reading, Strand } from './types.js';

/** A strand's readings as placed, with where each was written (for the checks after placing). */
export interface PlacedReadings {
  strand: Strand;
  source: YamlSource;
}

/** The strand's facets and readings, each checked; both absent when the strand declares none. */
export function resolveFacets(
  raw: RawStrandFile,
  source: YamlSource,
  issues: Issue[],
): { facets?: Facet[]; readings?: Reading[] } {
  const facets = (raw.facets ?? []).map((facet) => ({
    id: facet.id,
    label: facet.label as Label,
    guidance: (facet.guidance ?? null) as Label | null,
  }));
  reportDuplicates(
    facets.map((f) => f.id),
    'facets',
    'duplicate-facet-id',
    'facet',
    source,
    issues,
  );
  const declared = new Set(facets.map((f) => f.id));
  const readings = (raw.readings ?? []).map((reading, r) => {
    if (raw.facets === undefined && r === 0) {
      issues.push(
        source.issue(
          'undeclared-facets',
          ['readings'],
          `strand "${raw.id}" has readings but declares no facets: list the kinds of fact it records under facets`,
          'error',
          'key',
        ),
      );
    } else if (raw.facets !== undefined) {
      reading.facets.forEach((id, f) => {
        if (!declared.has(id))
          issues.push(
            source.issue(
              'reading-unknown-facet',
              ['readings', r, 'facets', f],
              `reading "${reading.id}" names facet "${id}", which strand "${raw.id}" does not declare (declared: ${listOf(declared)})`,
            ),
          );
      });
    }
    return {
      id: reading.id,
      label: reading.label as Label,
      guidance: (reading.guidance ?? null) as Label | null,
      facets: [...reading.facets],
      direction: reading.direction ?? 'as-scored',
    };
  });
  reportDuplicates(
    readings.map((r) => r.id),
    'readings',
    'duplicate-reading-id',
    'reading',
    source,
    issues,
  );
  return {
    ...(raw.facets === undefined ? {} : { facets }),
    ...(raw.readings === undefined ? {} : { readings }),
  };
}

/**
 * An indicator's `facet` (only indicators have one: stage 1 refuses it elsewhere), checked to be
 * one the strand declares; `{}` when it has none, so that the node is described as before facets.
 */
export function indicatorFacet(
  raw: RawNode,
  strand: Strand,
  source: YamlSource,
  path: DocPath,
  issues: Issue[],
): { facet?: string } {
  if (!('facet' in raw) || raw.facet === undefined) return {};
  const { facet } = raw;
  if (strand.facets === undefined) {
    issues.push(
      source.issue(
        'undeclared-facets',
        [...path, 'facet'],
        `facet "${facet}" on an indicator of strand "${strand.id}", which declares no facets: list them under facets at the top of the strand`,
      ),
    );
  } else if (!strand.facets.some((f) => f.id === facet)) {
    issues.push(
      source.issue(
        'unknown-facet',
        [...path, 'facet'],
        `facet "${facet}" is not declared in strand "${strand.id}" (declared: ${listOf(strand.facets.map((f) => f.id))})`,
      ),
    );
  }
  return { facet };
}

/** Once the strand is placed: every reading has an indicator carrying one of its facets. */
export function checkReadingsCarried(strand: Strand, source: YamlSource, issues: Issue[]): void {
  const carried = new Set<string>();
  for (const dimension of strand.children) {
    if (dimension.kind !== 'composite') continue;
    for (const indicator of dimension.children) {
      if (indicator.facet !== undefined) carried.add(indicator.facet);
    }
  }
  (strand.readings ?? []).forEach((reading, r) => {
    if (reading.facets.some((f) => carried.has(f))) return;
    issues.push(
      source.issue(
        'reading-without-indicators',
        ['readings', r, 'facets'],
        `reading "${reading.id}" has nothing to read: no indicator of strand "${strand.id}" carries facet ${reading.facets.map((f) => `"${f}"`).join(' or ')}`,
      ),
    );
  });
}

/** Once every strand is placed: a reading id is not a node id (`<node>#<reading>` stays clear). */
export function checkReadingIds(
  placed: readonly PlacedReadings[],
  nodes: ReadonlyMap<string, QuestionnaireNode>,
  issues: Issue[],
): void {
  for (const { strand, source } of placed) {
    (strand.readings ?? []).forEach((reading, r) => {
      if (!nodes.has(reading.id)) return;
      issues.push(
        source.issue(
          'duplicate-reading-id',
          ['readings', r, 'id'],
          `reading id "${reading.id}" is also the id of a node: give the reading an id of its own`,
        ),
      );
    });
  }
}

function reportDuplicates(
  ids: readonly string[],
  list: 'facets' | 'readings',
  code: 'duplicate-facet-id' | 'duplicate-reading-id',
  what: string,
  source: YamlSource,
  issues: Issue[],
): void {
  ids.forEach((id, i) => {
    const first = ids.indexOf(id);
    if (first === i) return;
    const { line, column } = source.locate([list, first, 'id']);
    issues.push(
      source.issue(
        code,
        [list, i, 'id'],
        `${what} id "${id}" is declared twice (first at ${source.file}:${line}:${column})`,
      ),
    );
  });
}

function listOf(ids: Iterable<string>): string {
  const all = [...ids].map((id) => `"${id}"`);
  return all.length === 0 ? 'none' : all.join(', ');
}
