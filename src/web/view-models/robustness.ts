/**
 * The robustness page: the published robustness result (`published/robustness.ts`, shared with
 * the API and the `robustness` command), plus what the page's explanation and form need.
 */
import type { RobustnessOptions } from '../../analysis/robustness.js';
import { POSITIVE_RANGE, POSITIVE_SLOPE } from '../../analysis/positive-geometric-mean.js';
import { editionRobustness, type EditionRobustness } from '../../published/robustness.js';
import type { PublishedEdition, PublicData } from '../../published/public-data.js';
import { MAX_HTTP_DRAWS, MAX_HTTP_SENSITIVITY_SAMPLES } from '../params.js';

export interface RobustnessView extends EditionRobustness {
  /** The positive range of the geometric mean and its formula, as the page explains it. */
  geometric: { low: number; high: number; slope: number };
  /** The largest draws and Sobol samples the web accepts (`params.ts`), for the form's limits. */
  limits: { draws: number; sensitivitySamples: number };
}

export function buildRobustness(
  data: PublicData,
  edition: PublishedEdition,
  options: RobustnessOptions,
): RobustnessView {
  return {
    ...editionRobustness(data, edition, options),
    geometric: { low: POSITIVE_RANGE.low, high: POSITIVE_RANGE.high, slope: POSITIVE_SLOPE },
    limits: { draws: MAX_HTTP_DRAWS, sensitivitySamples: MAX_HTTP_SENSITIVITY_SAMPLES },
  };
}
