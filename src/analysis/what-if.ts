/**
 * "What if": a country's published answers with some answers changed, scored with the published
 * method and ranked among the other countries of the edition (whose scores stay as published).
 * A changed item of a table rule re-reads its table, like the published scoring. Nothing is
 * stored.
 */
import { allowedAnswers, isAllowedAnswer } from '../answers/vocabulary.js';
import type { Questionnaire } from '../questionnaire/types.js';
import { rankByScore } from '../scoring/ranking.js';
import { nodeScores, scoreSheet, type NodeScore } from '../scoring/score-sheet.js';

export interface WhatIfProblem {
  question: string;
  message: string;
}

/** Checks requested changes: known questions, and answers that are options or missing values. */
export function checkChanges(
  questionnaire: Questionnaire,
  changes: ReadonlyMap<string, string>,
): WhatIfProblem[] {
  const problems: WhatIfProblem[] = [];
  for (const [id, answer] of changes) {
    const question = questionnaire.nodes.get(id);
    if (!question || question.kind !== 'question') {
      problems.push({ question: id, message: `"${id}" is not a question of this questionnaire` });
    } else if (!isAllowedAnswer(question, answer)) {
      problems.push({
        question: id,
        message: `"${answer}" is not an answer to "${id}"; choose one of ${allowedAnswers(question).join(', ')}`,
      });
    }
  }
  return problems;
}

export interface WhatIfResult {
  /** The changes that differ from the published answers. */
  applied: { question: string; from: string | null; to: string }[];
  before: Record<string, NodeScore>;
  after: Record<string, NodeScore>;
  /** Rank before and after on the overall score and each strand: node id → ranks. */
  ranks: Record<string, { before: number | null; after: number | null; of: number }>;
}

export function simulate(
  questionnaire: Questionnaire,
  country: string,
  published: ReadonlyMap<string, string>,
  changes: ReadonlyMap<string, string>,
  others: ReadonlyMap<string, Readonly<Record<string, { score: number | null }>>>,
): WhatIfResult {
  const answers = new Map(published);
  const applied: WhatIfResult['applied'] = [];
  for (const [id, answer] of changes) {
    if (published.get(id) === answer) continue;
    applied.push({ question: id, from: published.get(id) ?? null, to: answer });
    answers.set(id, answer);
  }
  const before = nodeScores(scoreSheet(questionnaire, published));
  const after = nodeScores(scoreSheet(questionnaire, answers));
  const ranks: WhatIfResult['ranks'] = {};
  const decimals = questionnaire.displayDecimals;
  for (const node of ['overall', ...questionnaire.strands.map((s) => s.id)]) {
    const rankWith = (own: number | null) => {
      const rows = [...others.entries()]
        .filter(([code]) => code !== country)
        .map(([code, scores]) => ({ code, score: scores[node]?.score ?? null }));
      rows.push({ code: country, score: own });
      const ranked = rankByScore(rows, (r) => r.score, decimals);
      return {
        rank: ranked.find((r) => r.item.code === country)!.rank,
        of: ranked.filter((r) => r.rank !== null).length,
      };
    };
    const b = rankWith(before[node]!.score);
    const a = rankWith(after[node]!.score);
    ranks[node] = { before: b.rank, after: a.rank, of: a.of };
  }
  return { applied, before, after, ranks };
}

/** `question:answer,question:answer` — the compact form used in shareable what-if links. */
export function parseChangeList(text: string): Map<string, string> | null {
  const changes = new Map<string, string>();
  if (text.trim() === '') return changes;
  for (const part of text.split(',')) {
    const match = /^([a-z0-9-]+):([a-z0-9_-]+)$/.exec(part.trim());
    if (!match) return null;
    changes.set(match[1]!, match[2]!);
  }
  return changes;
}

export function formatChangeList(changes: { question: string; to: string }[]): string {
  return changes.map((c) => `${c.question}:${c.to}`).join(',');
}
