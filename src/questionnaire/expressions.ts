/**
 * Skip-logic expressions (`applies_if`), parsed with mathjs, checked, and compiled once into
 * plain closures.
 *
 * The language is deliberately tiny: answer references, literals, comparisons, `and` / `or` /
 * `not` and arithmetic. Everything else mathjs can do — assignment, function definitions,
 * `import`, `evaluate`, `parse`, `createUnit`, matrices, property access — is refused when the
 * questionnaire is validated, because questionnaires are data that may come from anyone.
 *
 *   answer("fr-pre-entry-language") == "none"      the chosen option id (or "not_applicable")
 *   score("fr-pre-entry-language") < 100           the chosen option's score
 *
 * Evaluation uses three-valued logic: a reference to an unanswered question yields `null`
 * ("unknown"), which propagates (`null and false` is `false`, `null or true` is `true`). A
 * condition that comes out unknown neither asks for nor forbids an answer.
 *
 * mathjs is only the parser: it is loaded on the first expression parsed (as its single-file
 * bundle, which loads several times faster than the package's hundreds of modules), and nothing
 * else in the engine waits for it. A checked expression is kept as an {@link ExprTree} — plain
 * data that evaluates without mathjs and that a cache can store (`derived-cache.ts`).
 */
import { createRequire } from 'node:module';
import type {
  ConstantNode,
  FunctionNode,
  MathJsInstance,
  MathNode,
  OperatorNode,
  ParenthesisNode,
  SymbolNode,
} from 'mathjs';
import { NOT_APPLICABLE } from '../answers/vocabulary.js';

export type ExprValue = string | number | boolean | null;
type ExprType = 'string' | 'number' | 'boolean' | 'null';

/** What an expression may ask about the answers of a sheet. */
export interface AnswerLookup {
  /** Chosen option id, `"not_applicable"`, or `null` when there is no answer. */
  option(questionId: string): string | null;
  /** Score of the chosen option, or `null`. */
  score(questionId: string): number | null;
}

/**
 * A checked expression as plain data (JSON- and structured-clone-safe): literals, references to
 * a question's answer or score, and the allowed operators by mathjs's name (`equal`, `and`, …).
 */
export type ExprTree =
  | { kind: 'value'; value: ExprValue }
  | { kind: 'answer' | 'score'; question: string }
  | { kind: 'operator'; fn: string; args: ExprTree[] };

/**
 * A checked expression, compiled. Its data (source, dependencies, tree) are its own enumerable
 * fields; the compiled closures are private, so a structured clone or `v8.serialize` of a
 * questionnaire carries the data only, and {@link expressionFromTree} compiles it again.
 */
export class CompiledExpression {
  /** Question ids the expression refers to, in order of first appearance. */
  readonly dependsOn: string[];
  readonly #evaluate: Evaluator;

  constructor(
    readonly source: string,
    /** The checked expression, from which {@link expressionFromTree} rebuilds this one. */
    readonly tree: ExprTree,
  ) {
    this.dependsOn = referencesOf(tree, []);
    this.#evaluate = evaluatorOf(tree);
  }

  /** `true` / `false`, or `null` when it cannot be decided from the answers given. */
  evaluate(answers: AnswerLookup): boolean | null {
    const result = this.#evaluate(answers);
    return typeof result === 'boolean' ? result : null;
  }
}

export interface ExpressionProblem {
  code:
    | 'expression-syntax'
    | 'expression-forbidden'
    | 'expression-unknown-question'
    | 'expression-unknown-option'
    | 'expression-type';
  message: string;
}

/** What the checker needs to know about the questions an expression may refer to. */
export interface QuestionCatalogue {
  /** Option ids of a question, or `undefined` if no question has this id. */
  optionIds(questionId: string): readonly string[] | undefined;
}

const REFERENCE_FUNCTIONS = new Set(['answer', 'score']);
const MAX_EXPRESSION_LENGTH = 2000;

const FORBIDDEN_NODE_HINT: Record<string, string> = {
  AssignmentNode: 'assignment is not allowed',
  FunctionAssignmentNode: 'function definitions are not allowed',
  BlockNode: 'only one expression is allowed (no ";" or line breaks)',
  AccessorNode: 'property access is not allowed',
  IndexNode: 'indexing is not allowed',
  ObjectNode: 'object literals are not allowed',
  ArrayNode: 'lists are not allowed',
  RangeNode: 'ranges are not allowed',
  ConditionalNode: 'the "? :" operator is not allowed; combine conditions with and / or',
  RelationalNode: 'chained comparisons are not allowed; combine comparisons with and',
};

let parser: MathJsInstance['parse'] | null = null;

/**
 * mathjs's parser, loaded on first use. The bundle `mathjs/lib/browser/math.js` (a documented
 * export of the package) is one file: the package's ES modules are several hundred, and loading
 * them took 0.5–0.9 s of every start, expressions or not.
 */
function parseMath(source: string): MathNode {
  if (parser === null) {
    const math = createRequire(import.meta.url)('mathjs/lib/browser/math.js') as MathJsInstance;
    parser = math.parse;
  }
  return parser(source);
}

/**
 * Parses and checks an expression against the questions it may refer to. Returns the compiled
 * expression, or the problems that prevent it (all of them, not just the first).
 */
export function compileExpression(
  source: string,
  catalogue: QuestionCatalogue,
): { expression: CompiledExpression } | { problems: ExpressionProblem[] } {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    return {
      problems: [forbidden(`expression is longer than ${MAX_EXPRESSION_LENGTH} characters`)],
    };
  }
  let node: MathNode;
  try {
    node = parseMath(source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      problems: [{ code: 'expression-syntax', message: `cannot parse expression: ${message}` }],
    };
  }

  const problems: ExpressionProblem[] = [];
  const { type, tree } = checkNode(node, catalogue, problems);
  if (problems.length === 0 && type !== 'boolean') {
    problems.push({
      code: 'expression-type',
      message: `expression must be true or false, but gives a ${type}`,
    });
  }
  if (problems.length > 0) return { problems };
  return { expression: expressionFromTree(source, tree) };
}

/**
 * The expression for a tree that {@link compileExpression} checked (kept, for example, in a
 * cache): no parsing, no checks, no mathjs.
 */
export function expressionFromTree(source: string, tree: ExprTree): CompiledExpression {
  return new CompiledExpression(source, tree);
}

interface Checked {
  type: ExprType;
  tree: ExprTree;
}

/** Infers the type of a node while checking that it is allowed; records problems. */
function checkNode(
  node: MathNode,
  catalogue: QuestionCatalogue,
  problems: ExpressionProblem[],
): Checked {
  if (isParenthesis(node)) return checkNode(node.content, catalogue, problems);

  if (isConstant(node)) {
    const value: unknown = node.value;
    if (value === null) return { type: 'null', tree: { kind: 'value', value } };
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      return { type: typeof value as ExprType, tree: { kind: 'value', value } };
    }
    problems.push(forbidden('only text, numbers, true, false and null may be written as values'));
    return REFUSED;
  }

  if (isFunction(node)) return checkReference(node, catalogue, problems);

  if (isOperator(node)) {
    const operator = operatorFunction(node.fn);
    if (operator === undefined || node.args.length !== operator.length) {
      problems.push(forbidden(`operator "${node.op}" is not allowed`));
      return REFUSED;
    }
    const args = node.args.map((arg) => checkNode(arg, catalogue, problems));
    checkOperatorTypes(
      node,
      args.map((arg) => arg.type),
      problems,
      catalogue,
    );
    return {
      type: resultType(node.fn),
      tree: { kind: 'operator', fn: node.fn, args: args.map((arg) => arg.tree) },
    };
  }

  if (isSymbol(node)) {
    problems.push(
      forbidden(
        `unknown name "${node.name}": refer to a question as answer("question-id") or score("question-id")`,
      ),
    );
    return REFUSED;
  }

  problems.push(forbidden(FORBIDDEN_NODE_HINT[node.type] ?? `${node.type} is not allowed`));
  return REFUSED;
}

/** What a refused node checks as: its problem is recorded, and no tree is built from it. */
const REFUSED: Checked = { type: 'null', tree: { kind: 'value', value: null } };

function checkReference(
  node: FunctionNode,
  catalogue: QuestionCatalogue,
  problems: ExpressionProblem[],
): Checked {
  const name = isSymbol(node.fn) ? node.fn.name : null;
  if (name === null || !REFERENCE_FUNCTIONS.has(name)) {
    problems.push(
      forbidden(
        `function "${name ?? node.fn.toString()}" is not allowed; only answer("id") and score("id") may be called`,
      ),
    );
    return REFUSED;
  }
  const [arg] = node.args;
  if (node.args.length !== 1 || !isConstant(arg) || typeof arg.value !== 'string') {
    problems.push(
      forbidden(`${name}() takes one question id in quotes, e.g. ${name}("question-id")`),
    );
    return REFUSED;
  }
  const questionId: string = arg.value;
  if (catalogue.optionIds(questionId) === undefined) {
    problems.push({
      code: 'expression-unknown-question',
      message: `${name}("${questionId}") refers to no question of this questionnaire`,
    });
  }
  const kind = name === 'answer' ? 'answer' : 'score';
  return { type: kind === 'answer' ? 'string' : 'number', tree: { kind, question: questionId } };
}

function checkOperatorTypes(
  node: OperatorNode,
  argTypes: ExprType[],
  problems: ExpressionProblem[],
  catalogue: QuestionCatalogue,
): void {
  const expected = operandType(node.fn);
  if (expected === 'same') {
    const [left, right] = argTypes;
    if (left !== 'null' && right !== 'null' && left !== right) {
      problems.push({
        code: 'expression-type',
        message: `"${node.toString()}" compares a ${left} with a ${right}`,
      });
    }
    checkOptionLiteral(node, catalogue, problems);
    return;
  }
  argTypes.forEach((type, index) => {
    if (type !== expected && type !== 'null') {
      problems.push({
        code: 'expression-type',
        message: `operand ${index + 1} of "${node.op}" must be a ${expected}, not a ${type}`,
      });
    }
  });
}

/** In `answer("q") == "x"`, "x" must be one of q's option ids (or "not_applicable"). */
function checkOptionLiteral(
  node: OperatorNode,
  catalogue: QuestionCatalogue,
  problems: ExpressionProblem[],
): void {
  const [a, b] = node.args.map(unwrap);
  for (const [reference, literal] of [
    [a, b],
    [b, a],
  ] as const) {
    if (
      isFunction(reference) &&
      isSymbol(reference.fn) &&
      reference.fn.name === 'answer' &&
      isConstant(literal) &&
      typeof literal.value === 'string'
    ) {
      const questionArg = reference.args[0];
      const questionId =
        isConstant(questionArg) && typeof questionArg.value === 'string' ? questionArg.value : null;
      const options = questionId === null ? undefined : catalogue.optionIds(questionId);
      const optionId: string = literal.value;
      if (options && optionId !== NOT_APPLICABLE && !options.includes(optionId)) {
        problems.push({
          code: 'expression-unknown-option',
          message: `"${optionId}" is not an option of ${questionId}; options are ${options.join(', ')}, or not_applicable`,
        });
      }
    }
  }
}

function unwrap(node: MathNode | undefined): MathNode | undefined {
  return isParenthesis(node) ? unwrap(node.content) : node;
}

function operandType(fn: string): ExprType | 'same' {
  if (fn === 'and' || fn === 'or' || fn === 'not') return 'boolean';
  if (fn === 'equal' || fn === 'unequal') return 'same';
  return 'number';
}

function resultType(fn: string): ExprType {
  return ['add', 'subtract', 'multiply', 'divide', 'unaryMinus', 'unaryPlus'].includes(fn)
    ? 'number'
    : 'boolean';
}

function forbidden(message: string): ExpressionProblem {
  return { code: 'expression-forbidden', message };
}

// mathjs's node type guards, by the node's `type`: they need no mathjs instance.
function isParenthesis(node: MathNode | undefined): node is ParenthesisNode {
  return node?.type === 'ParenthesisNode';
}
function isConstant(node: MathNode | undefined): node is ConstantNode {
  return node?.type === 'ConstantNode';
}
function isFunction(node: MathNode | undefined): node is FunctionNode {
  return node?.type === 'FunctionNode';
}
function isOperator(node: MathNode | undefined): node is OperatorNode {
  return node?.type === 'OperatorNode';
}
function isSymbol(node: MathNode | undefined): node is SymbolNode {
  return node?.type === 'SymbolNode';
}

/** Question ids a tree refers to, in order of first appearance. */
function referencesOf(tree: ExprTree, found: string[]): string[] {
  if (tree.kind === 'operator') for (const arg of tree.args) referencesOf(arg, found);
  else if (tree.kind !== 'value' && !found.includes(tree.question)) found.push(tree.question);
  return found;
}

type Fn = (...args: ExprValue[]) => ExprValue;
type Evaluator = (answers: AnswerLookup) => ExprValue;

function numeric(op: (a: number, b: number) => ExprValue): Fn {
  return (a, b) => (typeof a === 'number' && typeof b === 'number' ? op(a, b) : null);
}

/**
 * The operators allowed, by mathjs's function name, on our own values: mathjs's would convert ("none" == "x" becomes a numeric
 * comparison) and know nothing of unknown answers.
 */
const OPERATOR_FUNCTIONS: Record<string, Fn> = {
  and: (a, b) => (a === false || b === false ? false : a === true && b === true ? true : null),
  or: (a, b) => (a === true || b === true ? true : a === false && b === false ? false : null),
  not: (a) => (typeof a === 'boolean' ? !a : null),
  equal: (a, b) => (a === null || b === null ? null : a === b),
  unequal: (a, b) => (a === null || b === null ? null : a !== b),
  smaller: numeric((a, b) => a < b),
  smallerEq: numeric((a, b) => a <= b),
  larger: numeric((a, b) => a > b),
  largerEq: numeric((a, b) => a >= b),
  add: numeric((a, b) => a + b),
  subtract: numeric((a, b) => a - b),
  multiply: numeric((a, b) => a * b),
  divide: numeric((a, b) => (b === 0 ? null : a / b)),
  unaryMinus: (a) => (typeof a === 'number' ? -a : null),
  unaryPlus: (a) => (typeof a === 'number' ? a : null),
};

/**
 * An allowed operator's function, by mathjs's name; its number of parameters is the number of
 * operands the operator takes.
 */
function operatorFunction(name: string): Fn | undefined {
  return Object.hasOwn(OPERATOR_FUNCTIONS, name) ? OPERATOR_FUNCTIONS[name] : undefined;
}

/** Compiles a tree into closures, once: evaluating then allocates nothing. */
function evaluatorOf(tree: ExprTree): Evaluator {
  switch (tree.kind) {
    case 'value': {
      const { value } = tree;
      return () => value;
    }
    case 'answer': {
      const { question } = tree;
      return (answers) => answers.option(question);
    }
    case 'score': {
      const { question } = tree;
      return (answers) => answers.score(question);
    }
    case 'operator': {
      const fn = operatorFunction(tree.fn);
      if (!fn) throw new Error(`unknown operator "${tree.fn}" in an expression tree`);
      const [left, right] = tree.args.map(evaluatorOf);
      if (!left) throw new Error(`operator "${tree.fn}" without operands in an expression tree`);
      return right
        ? (answers) => fn(left(answers), right(answers))
        : (answers) => fn(left(answers));
    }
  }
}
