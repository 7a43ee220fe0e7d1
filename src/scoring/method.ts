import type { Aggregation, Level } from '../questionnaire/types.js';

/**
 * A scoring method: how the questionnaire's answers become scores. The published method uses
 * the weights and rules written in the questionnaire; alternative methods (for sensitivity
 * analysis and "what if") override some of them. Every score names the method id it was made
 * with, so a changed method must get a new id.
 */
export interface Method {
  id: string;
  description: string;
  /** Replaces the weight of the named nodes. */
  weights?: Readonly<Record<string, number>>;
  /** Replaces the rule of every composite node at the named levels. */
  aggregationByLevel?: Readonly<Partial<Record<Level, Aggregation>>>;
  /** Replaces the rule of the named nodes (wins over `aggregationByLevel`). */
  aggregationByNode?: Readonly<Record<string, Aggregation>>;
}

export const DEFAULT_METHOD: Method = {
  id: 'questionnaire-defaults',
  description:
    "The questionnaire's own weights and aggregation rules (MIPEX: equal weights, arithmetic means at every level).",
};

export function uniformMethod(aggregation: Aggregation): Method {
  return {
    id: `all-${aggregation}`,
    description: `Questionnaire weights, ${aggregation} at every level.`,
    aggregationByLevel: {
      overall: aggregation,
      strand: aggregation,
      dimension: aggregation,
      indicator: aggregation,
    },
  };
}
