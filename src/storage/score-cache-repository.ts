import { answerMap } from '../answers/types.js';
import type { Questionnaire } from '../questionnaire/types.js';
import type { Method } from '../scoring/method.js';
import { nodeScores, scoreSheet, type NodeScore } from '../scoring/score-sheet.js';
import { now, type Db } from './database.js';
import type { StoredSheet } from './sheet-repository.js';

export interface CachedScores {
  nodes: Record<string, NodeScore>;
  computedAt: string;
  fromCache: boolean;
}

/**
 * The scores of a stored sheet, from the cache when it was computed for the same sheet revision,
 * questionnaire content hash and method; otherwise computed and cached with that provenance.
 */
export function sheetScores(
  db: Db,
  stored: StoredSheet,
  questionnaire: Questionnaire,
  method: Method,
): CachedScores {
  const row = db
    .prepare(
      'SELECT sheet_revision, computed_at, scores FROM score_cache WHERE sheet_id = ? AND questionnaire_hash = ? AND method_id = ?',
    )
    .get(stored.id, questionnaire.hash, method.id) as
    { sheet_revision: number; computed_at: string; scores: string } | undefined;
  if (row && row.sheet_revision === stored.revision) {
    return {
      nodes: JSON.parse(row.scores) as Record<string, NodeScore>,
      computedAt: row.computed_at,
      fromCache: true,
    };
  }
  const nodes = nodeScores(scoreSheet(questionnaire, answerMap(stored.sheet), method));
  const computedAt = now();
  db.prepare(
    `INSERT INTO score_cache (sheet_id, sheet_revision, questionnaire_hash, method_id, computed_at, scores) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (sheet_id, questionnaire_hash, method_id)
     DO UPDATE SET sheet_revision = excluded.sheet_revision, computed_at = excluded.computed_at, scores = excluded.scores`,
  ).run(
    stored.id,
    stored.revision,
    questionnaire.hash,
    method.id,
    computedAt,
    JSON.stringify(nodes),
  );
  return { nodes, computedAt, fromCache: false };
}
