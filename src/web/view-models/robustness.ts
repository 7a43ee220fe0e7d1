/**
 * The robustness page: the published robustness result (`published/robustness.ts`, shared with
 * the API and the `robustness` command), plus what the page's explanation and form need.
 */
import type { RobustnessOptions } from '../../analysis/robustness.js';
import { POSITIVE_RANGE, POSITIVE_SLOPE } from '../../analysis/positive-geometric-mean.js';
import {
  editionRobustness,
  type EditionRobustness,
  type SensitivityRow,
} from '../../published/robustness.js';
import { fixed, nodeLabel, writtenIn } from '../../published/display.js';
import { countryNamesIn, labelIn } from '../i18n/page-language.js';
import { textIn } from '../i18n/catalogue.js';
import type { PublishedEdition, PublicData } from '../../published/public-data.js';
import { MAX_HTTP_DRAWS, MAX_HTTP_SENSITIVITY_SAMPLES } from '../params.js';

export interface RobustnessView extends EditionRobustness {
  /** The positive range of the geometric mean and its formula, as the page explains it. */
  geometric: { low: number; high: number; slope: number };
  /** The largest draws and Sobol samples the web accepts (`params.ts`), for the form's limits. */
  limits: { draws: number; sensitivitySamples: number };
  /** The explanation's numbers as the page's language writes them. */
  written: {
    weightLow: string;
    weightHigh: string;
    geometricShare: string;
    meanShift: string | null;
    low: string;
    high: string;
    slope: string;
  };
}

/**
 * The result in the page's language: `editionRobustness` names countries and choices in English
 * and writes its indices with a decimal point (as the API and the command line have them); the
 * page's country names, the catalogue's words for each choice and its number writing replace them.
 */
function inPageLanguage(
  data: PublicData,
  edition: PublishedEdition,
  result: EditionRobustness,
): EditionRobustness {
  const names = countryNamesIn(data);
  const name = (code: string) => names.get(code) ?? code;
  const { questionnaire } = edition;
  const label = (row: SensitivityRow) => {
    const target = row.id.slice(row.id.indexOf(':') + 1);
    if (row.kind === 'leave-out') return textIn('robustness.choice.leaveOut');
    if (row.kind === 'aggregation')
      return textIn('robustness.choice.aggregation', {
        level: textIn(`robustness.level.${target}`),
      });
    const node = questionnaire.nodes.get(target)!;
    const strand = node.strandId ? questionnaire.nodes.get(node.strandId) : undefined;
    const dimension = nodeLabel(node, questionnaire, labelIn);
    return strand
      ? textIn('robustness.choice.weightIn', {
          dimension,
          strand: nodeLabel(strand, questionnaire, labelIn),
        })
      : textIn('robustness.choice.weight', { dimension });
  };
  const s = result.sensitivity;
  const indices = s?.indices.map((row) => ({
    ...row,
    label: label(row),
    firstShown: writtenIn(row.firstShown),
    totalShown: writtenIn(row.totalShown),
  }));
  return {
    ...result,
    rows: result.rows.map((row) => ({ ...row, name: name(row.code) })),
    sensitivity: s && {
      ...s,
      indices: indices!,
      strongest: s.strongest && indices!.find((_, i) => s.indices[i]!.label === s.strongest)!.label,
      byCountry: s.byCountry.map((c) => ({
        ...c,
        name: name(c.code),
        totalShown: c.totalShown.map((text) => writtenIn(text)),
      })),
    },
  };
}

export function buildRobustness(
  data: PublicData,
  edition: PublishedEdition,
  options: RobustnessOptions,
): RobustnessView {
  const result = editionRobustness(data, edition, options);
  return {
    ...inPageLanguage(data, edition, result),
    geometric: { low: POSITIVE_RANGE.low, high: POSITIVE_RANGE.high, slope: POSITIVE_SLOPE },
    limits: { draws: MAX_HTTP_DRAWS, sensitivitySamples: MAX_HTTP_SENSITIVITY_SAMPLES },
    written: {
      weightLow: fixed(1 - options.weightRange, 2),
      weightHigh: fixed(1 + options.weightRange, 2),
      geometricShare: writtenIn(String(options.geometricShare)),
      meanShift: result.sensitivity ? fixed(result.sensitivity.meanShift, 2) : null,
      low: writtenIn(String(POSITIVE_RANGE.low)),
      high: writtenIn(String(POSITIVE_RANGE.high)),
      slope: writtenIn(String(POSITIVE_SLOPE)),
    },
  };
}
