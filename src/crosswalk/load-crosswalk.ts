/**
 * Reads a crosswalk file and checks it against the two questionnaires it joins. Stage 1: YAML
 * and the JSON Schema (`questionnaire/schema/crosswalk.schema.json`, read by
 * `crosswalk-schema.ts`); stage 2, only when stage 1 passes: ids and
 * versions of both questionnaires, questions and options on either side, each target question
 * listed exactly once, every source answer (or combination of answers) given a target.
 * Problems come back as located issues; a crosswalk is returned only without errors.
 */
import { ajvIssues } from '../issues/ajv-issues.js';
import { hasErrors, type Issue } from '../issues/issue.js';
import { findQuestion } from '../questionnaire/question-names.js';
import type { Questionnaire, QuestionNode } from '../questionnaire/types.js';
import { validatorFor } from '../source/ajv.js';
import { isYamlSource, readYamlFile } from '../source/read-file.js';
import { parseYamlSource, type DocPath, type YamlSource } from '../source/yaml-source.js';
import { crosswalkFileSchema } from './crosswalk-schema.js';
import type { Crosswalk, CrosswalkEntry, MergeRow } from './types.js';

export interface LoadedCrosswalk {
  crosswalk: Crosswalk | null;
  issues: Issue[];
}

type RawAnswer = string | null;

interface RawRow {
  when?: Record<string, string | string[]>;
  answer?: RawAnswer;
  otherwise?: RawAnswer;
}

interface RawEntry {
  to?: string;
  from?: string | string[];
  options?: Record<string, RawAnswer>;
  rule?: RawRow[];
  'no-counterpart'?: string[];
  reason?: string;
}

interface RawCrosswalk {
  version: string;
  title?: string;
  from: { id: string; versions?: string[] };
  to: { id: string; version?: string };
  strands?: { from: string; to: string }[];
  questions: RawEntry[];
}

export function loadCrosswalk(
  file: string,
  from: Questionnaire,
  to: Questionnaire,
): LoadedCrosswalk {
  const source = readYamlFile(file);
  if (!isYamlSource(source)) return { crosswalk: null, issues: source.issues };
  return checkCrosswalk(source, from, to);
}

/** The same checks on text held in memory (tests). */
export function parseCrosswalkText(
  file: string,
  text: string,
  from: Questionnaire,
  to: Questionnaire,
): LoadedCrosswalk {
  return checkCrosswalk(parseYamlSource(file, text), from, to);
}

function checkCrosswalk(
  source: YamlSource,
  from: Questionnaire,
  to: Questionnaire,
): LoadedCrosswalk {
  if (hasErrors(source.issues)) return { crosswalk: null, issues: source.issues };
  const validate = validatorFor(crosswalkFileSchema());
  if (!validate(source.value)) {
    return { crosswalk: null, issues: ajvIssues(validate.errors, source) };
  }
  const raw = source.value as RawCrosswalk;
  const check = new Checker(source, from, to);
  const crosswalk = check.crosswalk(raw);
  const issues = check.issues;
  return { crosswalk: hasErrors(issues) ? null : crosswalk, issues };
}

class Checker {
  readonly issues: Issue[] = [];
  /** Target question id → path of the entry that maps it. */
  private readonly targetsSeen = new Map<string, DocPath>();

  constructor(
    private readonly source: YamlSource,
    private readonly from: Questionnaire,
    private readonly to: Questionnaire,
  ) {}

  crosswalk(raw: RawCrosswalk): Crosswalk {
    this.questionnaires(raw);
    const strands = (raw.strands ?? []).filter((pair, n) => this.strandPair(pair, n));
    const entries: CrosswalkEntry[] = [];
    raw.questions.forEach((entry, n) => {
      const checked = this.entry(entry, ['questions', n]);
      if (checked) entries.push(checked);
    });
    for (const question of this.to.questions) {
      if (this.targetsSeen.has(question.id)) continue;
      this.error(
        ['questions'],
        'crosswalk-target-missing',
        `target question ${nameOf(question)} is not listed: map it, or list it under no-counterpart with a reason`,
        'key',
      );
    }
    return {
      file: this.source.file,
      title: raw.title ?? null,
      version: raw.version,
      from: { id: raw.from.id, versions: raw.from.versions ?? [] },
      to: { id: raw.to.id, version: raw.to.version ?? null },
      strands,
      entries,
    };
  }

  private questionnaires(raw: RawCrosswalk): void {
    if (raw.from.id !== this.from.id)
      this.error(
        ['from', 'id'],
        'crosswalk-questionnaire-mismatch',
        `the crosswalk maps from questionnaire "${raw.from.id}", but the source questionnaire is "${this.from.id}"`,
      );
    else if (raw.from.versions && !raw.from.versions.includes(this.from.version))
      this.error(
        ['from', 'versions'],
        'crosswalk-questionnaire-mismatch',
        `the crosswalk was checked against versions ${raw.from.versions.join(', ')} of "${this.from.id}", not ${this.from.version}`,
      );
    if (raw.to.id !== this.to.id)
      this.error(
        ['to', 'id'],
        'crosswalk-questionnaire-mismatch',
        `the crosswalk maps to questionnaire "${raw.to.id}", but the target questionnaire is "${this.to.id}"`,
      );
    else if (raw.to.version !== undefined && raw.to.version !== this.to.version)
      this.error(
        ['to', 'version'],
        'crosswalk-questionnaire-mismatch',
        `the crosswalk maps to version ${raw.to.version} of "${this.to.id}", not ${this.to.version}`,
      );
  }

  private strandPair(pair: { from: string; to: string }, n: number): boolean {
    let ok = true;
    for (const [side, questionnaire] of [
      ['from', this.from],
      ['to', this.to],
    ] as const) {
      if (questionnaire.strands.some((strand) => strand.id === pair[side])) continue;
      ok = false;
      this.error(
        ['strands', n, side],
        'crosswalk-unknown-strand',
        `"${pair[side]}" is not a strand of "${questionnaire.id}" (strands: ${questionnaire.strands.map((s) => s.id).join(', ')})`,
      );
    }
    return ok;
  }

  private entry(raw: RawEntry, path: DocPath): CrosswalkEntry | null {
    const none = raw['no-counterpart'];
    if (none !== undefined) {
      if (raw.reason === undefined || raw.to !== undefined || raw.from !== undefined)
        return this.invalidEntry(path);
      const targets = none
        .map((name, n) => this.target(name, [...path, 'no-counterpart', n]))
        .filter((question) => question !== null);
      return { kind: 'none', targets: targets.map((q) => q.id), reason: raw.reason };
    }
    if (raw.to === undefined || raw.from === undefined || raw.reason !== undefined)
      return this.invalidEntry(path);
    const target = this.target(raw.to, [...path, 'to']);
    if (typeof raw.from === 'string') {
      if (raw.options === undefined || raw.rule !== undefined) return this.invalidEntry(path);
      const source = this.sourceQuestion(raw.from, [...path, 'from']);
      if (!target || !source) return null;
      return this.carry(raw.options, source, target, path);
    }
    if (raw.rule === undefined || raw.options !== undefined) return this.invalidEntry(path);
    const sources = raw.from.map((name, n) => this.sourceQuestion(name, [...path, 'from', n]));
    if (!target || sources.some((q) => q === null)) return null;
    return this.merge(raw.rule, raw.from, sources as QuestionNode[], target, path);
  }

  private carry(
    options: Record<string, RawAnswer>,
    source: QuestionNode,
    target: QuestionNode,
    path: DocPath,
  ): CrosswalkEntry {
    const mapped = new Map<string, string | null>();
    for (const [option, answer] of Object.entries(options)) {
      const at = [...path, 'options', option];
      if (!source.options.some((o) => o.id === option))
        this.unknownOption(at, source, option, 'key');
      else if (answer !== null && !target.options.some((o) => o.id === answer))
        this.unknownOption(at, target, answer);
      else mapped.set(option, answer);
    }
    const uncovered = source.options.filter((o) => !Object.hasOwn(options, o.id));
    if (uncovered.length > 0)
      this.error(
        [...path, 'options'],
        'crosswalk-combination-uncovered',
        `answer${uncovered.length === 1 ? '' : 's'} ${uncovered.map((o) => `"${o.id}"`).join(', ')} of ${nameOf(source)} ${uncovered.length === 1 ? 'is' : 'are'} not mapped (write null for "no single counterpart")`,
        'key',
      );
    return { kind: 'carry', target: target.id, source: source.id, options: mapped };
  }

  private merge(
    rows: RawRow[],
    names: string[],
    sources: QuestionNode[],
    target: QuestionNode,
    path: DocPath,
  ): CrosswalkEntry {
    const byName = new Map(names.map((name, n) => [name, sources[n]!]));
    const checked: MergeRow[] = [];
    rows.forEach((row, n) => {
      const at = [...path, 'rule', n];
      const answer = this.rowAnswer(row, at, n === rows.length - 1, target);
      if (answer === undefined) return;
      const when = new Map<string, Set<string>>();
      for (const [name, options] of Object.entries(row.when ?? {})) {
        const question = byName.get(name);
        if (!question) {
          this.error(
            [...at, 'when', name],
            'crosswalk-unknown-question',
            `"${name}" is not one of this entry's source questions (${names.join(', ')})`,
            'key',
          );
          continue;
        }
        const list = typeof options === 'string' ? [options] : options;
        for (const option of list)
          if (!question.options.some((o) => o.id === option))
            this.unknownOption([...at, 'when', name], question, option);
        when.set(question.id, new Set(list));
      }
      checked.push({ when, answer });
    });
    const entry = {
      kind: 'merge' as const,
      target: target.id,
      sources: sources.map((q) => q.id),
      rows: checked,
    };
    const gap = firstUncovered(sources, checked);
    if (gap)
      this.error(
        [...path, 'rule'],
        'crosswalk-combination-uncovered',
        `no row covers ${gap.map((answer, n) => `${nameOf(sources[n]!)} = ${answer}`).join(' and ')}; add a row or a last row "otherwise"`,
        'key',
      );
    return entry;
  }

  /** A row's answer (null: cannot be told), or undefined when the row is malformed. */
  private rowAnswer(
    row: RawRow,
    at: DocPath,
    last: boolean,
    target: QuestionNode,
  ): string | null | undefined {
    const otherwise = row.otherwise !== undefined;
    if (
      otherwise
        ? row.when !== undefined || row.answer !== undefined || !last
        : row.when === undefined || row.answer === undefined
    ) {
      this.error(
        at,
        'crosswalk-invalid-entry',
        'a rule row is either `when` with `answer`, or `otherwise` alone as the last row',
      );
      return undefined;
    }
    const answer = (otherwise ? row.otherwise : row.answer) ?? null;
    if (answer !== null && !target.options.some((o) => o.id === answer)) {
      this.unknownOption([...at, otherwise ? 'otherwise' : 'answer'], target, answer);
      return undefined;
    }
    return answer;
  }

  private target(name: string, at: DocPath): QuestionNode | null {
    const question = this.question(this.to, name, at);
    if (!question) return null;
    const earlier = this.targetsSeen.get(question.id);
    if (earlier) {
      const { line } = this.source.locate(earlier);
      this.error(
        at,
        'crosswalk-target-twice',
        `target question ${nameOf(question)} is already mapped at line ${line}`,
      );
      return null;
    }
    this.targetsSeen.set(question.id, at);
    return question;
  }

  private sourceQuestion(name: string, at: DocPath): QuestionNode | null {
    return this.question(this.from, name, at);
  }

  private question(questionnaire: Questionnaire, name: string, at: DocPath): QuestionNode | null {
    const question = findQuestion(questionnaire, name);
    if (!question)
      this.error(
        at,
        'crosswalk-unknown-question',
        `"${name}" is neither the id nor the code of a question of "${questionnaire.id}"`,
      );
    return question;
  }

  private unknownOption(at: DocPath, question: QuestionNode, option: string, where?: 'key'): void {
    this.error(
      at,
      'crosswalk-unknown-option',
      `${nameOf(question)} has no option "${option}" (options: ${question.options.map((o) => o.id).join(', ')})`,
      where,
    );
  }

  private invalidEntry(path: DocPath): null {
    this.error(
      path,
      'crosswalk-invalid-entry',
      'an entry is one of: `to` + `from` (one question) + `options`; `to` + `from` (a list) + `rule`; `no-counterpart` (a list) + `reason`',
    );
    return null;
  }

  private error(
    path: DocPath,
    code: Issue['code'],
    message: string,
    at: 'value' | 'key' = 'value',
  ): void {
    this.issues.push(this.source.issue(code, path, message, 'error', at));
  }
}

/** The first combination of source answers (in questionnaire order) that no row matches. */
function firstUncovered(sources: QuestionNode[], rows: readonly MergeRow[]): string[] | null {
  const combination: string[] = [];
  const walk = (n: number): string[] | null => {
    if (n === sources.length) {
      const answers = new Map(sources.map((q, i) => [q.id, combination[i]!]));
      return rows.some((row) => rowMatches(row, answers)) ? null : [...combination];
    }
    for (const option of sources[n]!.options) {
      combination[n] = option.id;
      const gap = walk(n + 1);
      if (gap) return gap;
    }
    return null;
  };
  return walk(0);
}

/** Whether every condition of `row` holds for `answers` (source question id → option id). */
export function rowMatches(row: MergeRow, answers: ReadonlyMap<string, string>): boolean {
  for (const [question, options] of row.when) {
    const answer = answers.get(question);
    if (answer === undefined || !options.has(answer)) return false;
  }
  return true;
}

/** `26 (fr-dependent-parents)`, or the id alone for a question without a code. */
export function nameOf(question: QuestionNode): string {
  return question.code ? `${question.code} (${question.id})` : question.id;
}
