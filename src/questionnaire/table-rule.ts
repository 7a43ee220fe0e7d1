/**
 * Table rules (`aggregation: table`): a composite whose points are looked up from the
 * combination of its items' answers instead of averaged. Checked as the composite is placed:
 *
 * - `table` and `aggregation: table` come together, on a composite (`table-rule-mismatch`);
 * - the items are questions (`invalid-table-item`) without a `weight`, which a lookup would
 *   ignore (`table-item-weight`), and each option of an item scores differently from the
 *   item's other options (`table-ambiguous-item-scores`: the engine carries answers as points
 *   through scoring and analysis, so an item's points must tell which option was chosen);
 * - each row is `when` with `points`, or `otherwise` alone (`invalid-table-row`), and
 *   `otherwise` only as the last row (`table-otherwise-not-last`);
 * - every `when` names items of this composite (`table-unknown-item`) and options of them
 *   (`table-unknown-option`); points lie within 0–100 (`table-points-out-of-range`);
 * - every combination of the items' options is covered by a row or by `otherwise`
 *   (`table-incomplete`, naming one uncovered combination), in a table of at most
 *   `MAX_TABLE_CELLS` combinations (`table-too-large`);
 * - a row that no combination of answers reaches, every one being taken by an earlier row, is
 *   a warning (`table-row-unreachable`).
 *
 * `tableCells` compiles a checked table into the lookup array the scoring plan uses.
 */
import type { Issue } from '../issues/issue.js';
import type { DocPath, YamlSource } from '../source/yaml-source.js';
import type { RawNode } from './node-kinds.js';
import type { RawTableRow } from './raw-schema.js';
import type { CompositeNode, PointsTable, QuestionNode, TableRow } from './types.js';

/**
 * Combinations a table may span, answers left out included (each item: its options + 1). A
 * table is read and reviewed by people: far fewer rows than this are readable at all.
 */
export const MAX_TABLE_CELLS = 65_536;

/** `table` without `aggregation: table`, or the other way round, or on a non-composite. */
export function checkTableDeclaration(
  raw: RawNode,
  isComposite: boolean,
  source: YamlSource,
  path: DocPath,
  issues: Issue[],
): void {
  const hasTable = 'table' in raw && raw.table !== undefined;
  const isTable = raw.aggregation === 'table';
  if (!isComposite && hasTable) {
    issues.push(
      source.issue(
        'table-rule-mismatch',
        [...path, 'table'],
        `"${raw.id}" is not a composite: a table looks up points from a composite's items`,
      ),
    );
  } else if (isComposite && hasTable && !isTable) {
    issues.push(
      source.issue(
        'table-rule-mismatch',
        [...path, 'table'],
        `"${raw.id}" has a table but aggregation ${raw.aggregation ?? 'mean (the default)'}: set aggregation: table to use it`,
      ),
    );
  } else if (isComposite && isTable && !hasTable) {
    issues.push(
      source.issue(
        'table-rule-mismatch',
        [...path, 'aggregation'],
        `"${raw.id}" has aggregation: table but no table: add the rows of points`,
      ),
    );
  }
}

/**
 * The checked table of a composite with `aggregation: table` whose items are placed; undefined
 * when it has no table or a problem (reported) makes it unusable.
 */
export function resolveTable(
  raw: RawNode,
  composite: CompositeNode,
  source: YamlSource,
  path: DocPath,
  issues: Issue[],
): PointsTable | undefined {
  const rawRows = 'table' in raw ? raw.table : undefined;
  if (raw.aggregation !== 'table' || rawRows === undefined) return undefined;
  const before = issues.length;
  const items = checkItems(raw, composite, source, path, issues);
  const table = readRows(rawRows, items, source, [...path, 'table'], issues);
  if (issues.length > before || items === null) return undefined;
  checkCoverage(table, items, source, [...path, 'table'], issues);
  return table;
}

/** The items as questions, checked; null when one is not a question. */
function checkItems(
  raw: RawNode,
  composite: CompositeNode,
  source: YamlSource,
  path: DocPath,
  issues: Issue[],
): QuestionNode[] | null {
  const rawItems = 'items' in raw ? (raw.items ?? []) : [];
  let allQuestions = true;
  composite.children.forEach((child, i) => {
    const itemPath = [...path, 'items', rawItems.findIndex((item) => item.id === child.id)];
    if (child.kind !== 'question') {
      allQuestions = false;
      issues.push(
        source.issue(
          'invalid-table-item',
          itemPath,
          `"${child.id}" is not a question: a table looks up points from the answers of its items, which must be questions`,
        ),
      );
      return;
    }
    if (rawItems[i]?.weight !== undefined) {
      issues.push(
        source.issue(
          'table-item-weight',
          [...itemPath, 'weight'],
          `"${child.id}" is an item of the table rule of "${composite.id}": its points are looked up, so a weight would mean nothing; remove it`,
        ),
      );
    }
    const seen = new Map<number, string>();
    for (const option of child.options) {
      const twin = seen.get(option.score);
      if (twin !== undefined) {
        issues.push(
          source.issue(
            'table-ambiguous-item-scores',
            [...itemPath, 'options'],
            `options "${twin}" and "${option.id}" of "${child.id}" both score ${option.score}: the items of a table rule give each option its own score, so that the points tell which option was chosen`,
          ),
        );
      }
      seen.set(option.score, option.id);
    }
  });
  return allQuestions ? (composite.children as QuestionNode[]) : null;
}

/** The rows as a `PointsTable`, each name and number checked. */
function readRows(
  rawRows: readonly RawTableRow[],
  items: readonly QuestionNode[] | null,
  source: YamlSource,
  path: DocPath,
  issues: Issue[],
): PointsTable {
  const table: PointsTable = { rows: [], otherwise: null };
  const itemById = new Map((items ?? []).map((item) => [item.id, item]));
  rawRows.forEach((row, r) => {
    const rowPath = [...path, r];
    if (row.otherwise !== undefined) {
      if (row.when !== undefined || row.points !== undefined) {
        issues.push(
          source.issue(
            'invalid-table-row',
            rowPath,
            'a row is either `when` with `points`, or `otherwise` alone',
          ),
        );
      } else if (r !== rawRows.length - 1) {
        issues.push(
          source.issue(
            'table-otherwise-not-last',
            [...rowPath, 'otherwise'],
            `otherwise gives the points of every combination no row lists, so it comes last (row ${r + 1} of ${rawRows.length})`,
          ),
        );
      }
      checkPoints(row.otherwise, source, [...rowPath, 'otherwise'], issues);
      table.otherwise = row.otherwise;
      return;
    }
    if (row.when === undefined || row.points === undefined) {
      issues.push(
        source.issue(
          'invalid-table-row',
          rowPath,
          `a row needs ${row.when === undefined ? '`when`' : '`points`'}: a row is either \`when\` with \`points\`, or \`otherwise\` alone`,
        ),
      );
      return;
    }
    checkPoints(row.points, source, [...rowPath, 'points'], issues);
    const when: Record<string, readonly string[]> = {};
    for (const [itemId, value] of Object.entries(row.when)) {
      const wherePath = [...rowPath, 'when', itemId];
      const optionIds = typeof value === 'string' ? [value] : value;
      when[itemId] = optionIds;
      const item = itemById.get(itemId);
      if (!item) {
        if (items === null) continue; // the items are reported already
        issues.push(
          source.issue(
            'table-unknown-item',
            wherePath,
            `"${itemId}" is not an item of this composite (items: ${items.map((i) => i.id).join(', ')})`,
            'error',
            'key',
          ),
        );
        continue;
      }
      optionIds.forEach((optionId, k) => {
        if (item.options.some((option) => option.id === optionId)) return;
        issues.push(
          source.issue(
            'table-unknown-option',
            typeof value === 'string' ? wherePath : [...wherePath, k],
            `"${optionId}" is not an option of "${itemId}" (options: ${item.options.map((o) => o.id).join(', ')})`,
          ),
        );
      });
    }
    table.rows.push({ when, points: row.points });
  });
  return table;
}

function checkPoints(points: number, source: YamlSource, path: DocPath, issues: Issue[]): void {
  if (Number.isFinite(points) && points >= 0 && points <= 100) return;
  issues.push(
    source.issue(
      'table-points-out-of-range',
      path,
      `points must be between 0 and 100, not ${points}`,
    ),
  );
}

/**
 * Every combination of options covered (else the first uncovered one is reported), and every
 * row the first to hold for some combination of answers, answers left out included (else a
 * warning). `otherwise` counts as reached when some full combination falls through to it.
 */
function checkCoverage(
  table: PointsTable,
  items: readonly QuestionNode[],
  source: YamlSource,
  path: DocPath,
  issues: Issue[],
): void {
  const cells = items.reduce((product, item) => product * (item.options.length + 1), 1);
  if (cells > MAX_TABLE_CELLS) {
    issues.push(
      source.issue(
        'table-too-large',
        path,
        `the items' answers make ${cells} combinations (answers left out included); a table may span at most ${MAX_TABLE_CELLS}: split the composite`,
      ),
    );
    return;
  }
  const reached = new Uint8Array(table.rows.length);
  let otherwiseReached = false;
  let uncovered: string | null = null;
  forEachCombination(items, (chosen, full) => {
    const r = firstMatch(table.rows, items, chosen);
    if (r >= 0) reached[r] = 1;
    else if (full && table.otherwise !== null) otherwiseReached = true;
    else if (full && uncovered === null) uncovered = describe(items, chosen);
  });
  if (uncovered !== null) {
    issues.push(
      source.issue(
        'table-incomplete',
        path,
        `no row covers ${uncovered}: add a row for it, or a last row "otherwise: POINTS" for every combination not listed`,
      ),
    );
  }
  reached.forEach((hit, r) => {
    if (hit === 1) return;
    issues.push(
      source.issue(
        'table-row-unreachable',
        [...path, r],
        `row ${r + 1} is never used: every combination it lists is taken by an earlier row`,
        'warning',
      ),
    );
  });
  if (table.otherwise !== null && !otherwiseReached) {
    issues.push(
      source.issue(
        'table-row-unreachable',
        [...path, table.rows.length, 'otherwise'],
        'otherwise is never used: the rows above cover every combination',
        'warning',
      ),
    );
  }
}

/**
 * Calls `visit` for every combination of answers: `chosen[i]` is an option index of item i, or
 * `items[i].options.length` for an item left out; `full` when every item is answered. The first
 * item varies fastest, as in `tableCells`.
 */
function forEachCombination(
  items: readonly QuestionNode[],
  visit: (chosen: Int32Array, full: boolean) => void,
): void {
  const chosen = new Int32Array(items.length);
  for (;;) {
    visit(
      chosen,
      items.every((item, i) => chosen[i]! < item.options.length),
    );
    let i = 0;
    while (i < items.length && chosen[i] === items[i]!.options.length) chosen[i++] = 0;
    if (i === items.length) return;
    chosen[i] = chosen[i]! + 1;
  }
}

/** Index of the first row whose conditions all hold for `chosen`, or -1. */
function firstMatch(
  rows: readonly TableRow[],
  items: readonly QuestionNode[],
  chosen: Int32Array,
): number {
  return rows.findIndex((row) =>
    items.every((item, i) => {
      const allowed = row.when[item.id];
      if (allowed === undefined) return true;
      const option = item.options[chosen[i]!];
      return option !== undefined && allowed.includes(option.id);
    }),
  );
}

function describe(items: readonly QuestionNode[], chosen: Int32Array): string {
  return items.map((item, i) => `${item.id}: ${item.options[chosen[i]!]!.id}`).join(', ');
}

/**
 * The table as a lookup array: the points of every combination of answers, NaN where no row
 * holds and an item is left out (the composite then has no score). The cell of a combination is
 * Σ kᵢ · strideᵢ, where kᵢ is item i's option index (its option count when left out) and
 * stride₀ = 1, strideᵢ₊₁ = strideᵢ · (options of item i + 1).
 */
export function tableCells(composite: CompositeNode): Float64Array {
  const table = composite.table!;
  const items = composite.children as QuestionNode[];
  const cells: number[] = [];
  forEachCombination(items, (chosen, full) => {
    const r = firstMatch(table.rows, items, chosen);
    cells.push(r >= 0 ? table.rows[r]!.points : full ? (table.otherwise ?? NaN) : NaN);
  });
  return Float64Array.from(cells);
}

/**
 * How many points of the table an item can move on its own: the largest difference, over the
 * answers of the other items (all answered), between the points of two of its options. An
 * item's influence depends on the other answers, so this is the most it can make, not a weight.
 */
export function itemSwing(composite: CompositeNode, itemId: string): number {
  const items = composite.children as QuestionNode[];
  const at = items.findIndex((item) => item.id === itemId);
  if (at < 0) throw new Error(`"${itemId}" is not an item of "${composite.id}"`);
  const cells = tableCells(composite);
  const strides = items.map((_, i) =>
    items.slice(0, i).reduce((product, item) => product * (item.options.length + 1), 1),
  );
  let swing = 0;
  forEachCombination(items, (chosen, full) => {
    if (!full || chosen[at] !== 0) return;
    const base = items.reduce((cell, _, i) => cell + chosen[i]! * strides[i]!, 0);
    const points = items[at]!.options.map((_, k) => cells[base + k * strides[at]!]!);
    swing = Math.max(swing, Math.max(...points) - Math.min(...points));
  });
  return swing;
}
