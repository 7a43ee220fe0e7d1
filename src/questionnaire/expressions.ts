/**
 * Skip-logic expressions (`applies_if`), parsed with mathjs and compiled once.
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
 */
import {
  FunctionNode,
  SymbolNode,
  isConstantNode,
  isFunctionNode,
  isOperatorNode,
  isParenthesisNode,
  isSymbolNode,
  parse,
  type MathNode,
} from 'mathjs';

export type ExprValue = string | number | boolean | null;
type ExprType = 'string' | 'number' | 'boolean' | 'null';

/** What an expression may ask about the answers of a sheet. */
export interface AnswerLookup {
  /** Chosen option id, `"not_applicable"`, or `null` when there is no answer. */
  option(questionId: string): string | null;
  /** Score of the chosen option, or `null`. */
  score(questionId: string): number | null;
}

export interface CompiledExpression {
  source: string;
  /** Question ids the expression refers to, in order of first appearance. */
  dependsOn: string[];
  /** `true` / `false`, or `null` when it cannot be decided from the answers given. */
  evaluate(answers: AnswerLookup): boolean | null;
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

const OPERATORS: Record<string, { name: string; arity: 1 | 2 }> = {
  and: { name: '_and', arity: 2 },
  or: { name: '_or', arity: 2 },
  not: { name: '_not', arity: 1 },
  equal: { name: '_eq', arity: 2 },
  unequal: { name: '_ne', arity: 2 },
  smaller: { name: '_lt', arity: 2 },
  smallerEq: { name: '_le', arity: 2 },
  larger: { name: '_gt', arity: 2 },
  largerEq: { name: '_ge', arity: 2 },
  add: { name: '_add', arity: 2 },
  subtract: { name: '_sub', arity: 2 },
  multiply: { name: '_mul', arity: 2 },
  divide: { name: '_div', arity: 2 },
  unaryMinus: { name: '_neg', arity: 1 },
  unaryPlus: { name: '_pos', arity: 1 },
};

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
  let tree: MathNode;
  try {
    tree = parse(source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      problems: [{ code: 'expression-syntax', message: `cannot parse expression: ${message}` }],
    };
  }

  const problems: ExpressionProblem[] = [];
  const dependsOn: string[] = [];
  const type = checkNode(tree, catalogue, problems, dependsOn);
  if (problems.length === 0 && type !== 'boolean') {
    problems.push({
      code: 'expression-type',
      message: `expression must be true or false, but gives a ${type}`,
    });
  }
  if (problems.length > 0) return { problems };

  const compiled = toSafeTree(tree).compile();
  return {
    expression: {
      source,
      dependsOn,
      evaluate(answers) {
        const result: unknown = compiled.evaluate(scopeFor(answers));
        return typeof result === 'boolean' ? result : null;
      },
    },
  };
}

/** Infers the type of a node while checking that it is allowed; records problems. */
function checkNode(
  node: MathNode,
  catalogue: QuestionCatalogue,
  problems: ExpressionProblem[],
  dependsOn: string[],
): ExprType {
  if (isParenthesisNode(node)) return checkNode(node.content, catalogue, problems, dependsOn);

  if (isConstantNode(node)) {
    const value: unknown = node.value;
    if (value === null) return 'null';
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      return typeof value as ExprType;
    }
    problems.push(forbidden('only text, numbers, true, false and null may be written as values'));
    return 'null';
  }

  if (isFunctionNode(node)) return checkReference(node, catalogue, problems, dependsOn);

  if (isOperatorNode(node)) {
    const operator = OPERATORS[node.fn];
    if (!operator || node.args.length !== operator.arity) {
      problems.push(forbidden(`operator "${node.op}" is not allowed`));
      return 'null';
    }
    const argTypes = node.args.map((arg) => checkNode(arg, catalogue, problems, dependsOn));
    checkOperatorTypes(node, argTypes, problems, catalogue);
    return resultType(node.fn);
  }

  if (isSymbolNode(node)) {
    problems.push(
      forbidden(
        `unknown name "${node.name}": refer to a question as answer("question-id") or score("question-id")`,
      ),
    );
    return 'null';
  }

  problems.push(forbidden(FORBIDDEN_NODE_HINT[node.type] ?? `${node.type} is not allowed`));
  return 'null';
}

function checkReference(
  node: FunctionNode,
  catalogue: QuestionCatalogue,
  problems: ExpressionProblem[],
  dependsOn: string[],
): ExprType {
  const name = isSymbolNode(node.fn) ? node.fn.name : null;
  if (name === null || !REFERENCE_FUNCTIONS.has(name)) {
    problems.push(
      forbidden(
        `function "${name ?? node.fn.toString()}" is not allowed; only answer("id") and score("id") may be called`,
      ),
    );
    return 'null';
  }
  const [arg] = node.args;
  if (node.args.length !== 1 || !isConstantNode(arg) || typeof arg.value !== 'string') {
    problems.push(
      forbidden(`${name}() takes one question id in quotes, e.g. ${name}("question-id")`),
    );
    return 'null';
  }
  const questionId: string = arg.value;
  if (catalogue.optionIds(questionId) === undefined) {
    problems.push({
      code: 'expression-unknown-question',
      message: `${name}("${questionId}") refers to no question of this questionnaire`,
    });
  } else if (!dependsOn.includes(questionId)) {
    dependsOn.push(questionId);
  }
  return name === 'answer' ? 'string' : 'number';
}

function checkOperatorTypes(
  node: MathNode & { fn: string; op: string; args: MathNode[] },
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
  node: MathNode & { fn: string; op: string; args: MathNode[] },
  catalogue: QuestionCatalogue,
  problems: ExpressionProblem[],
): void {
  const [a, b] = node.args.map(unwrap);
  for (const [reference, literal] of [
    [a, b],
    [b, a],
  ] as const) {
    if (
      isFunctionNode(reference) &&
      isSymbolNode(reference.fn) &&
      reference.fn.name === 'answer' &&
      isConstantNode(literal) &&
      typeof literal.value === 'string'
    ) {
      const questionArg = reference.args[0];
      const questionId =
        isConstantNode(questionArg) && typeof questionArg.value === 'string'
          ? questionArg.value
          : null;
      const options = questionId === null ? undefined : catalogue.optionIds(questionId);
      const optionId: string = literal.value;
      if (options && optionId !== 'not_applicable' && !options.includes(optionId)) {
        problems.push({
          code: 'expression-unknown-option',
          message: `"${optionId}" is not an option of ${questionId}; options are ${options.join(', ')}, or not_applicable`,
        });
      }
    }
  }
}

function unwrap(node: MathNode | undefined): MathNode | undefined {
  return isParenthesisNode(node) ? unwrap(node.content) : node;
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

/**
 * Rewrites every operator into a call of one of our own functions, so the compiled code never
 * reaches mathjs's conversions (mathjs would turn "none" == "x" into a numeric comparison).
 */
function toSafeTree(node: MathNode): MathNode {
  return node.transform((child) => {
    if (isOperatorNode(child)) {
      const operator = OPERATORS[child.fn];
      if (operator) {
        return new FunctionNode(new SymbolNode(operator.name), child.args.map(toSafeTree));
      }
    }
    return child;
  });
}

type Fn = (...args: ExprValue[]) => ExprValue;

function numeric(op: (a: number, b: number) => ExprValue): Fn {
  return (a, b) => (typeof a === 'number' && typeof b === 'number' ? op(a, b) : null);
}

const OPERATOR_FUNCTIONS: Record<string, Fn> = {
  _and: (a, b) => (a === false || b === false ? false : a === true && b === true ? true : null),
  _or: (a, b) => (a === true || b === true ? true : a === false && b === false ? false : null),
  _not: (a) => (typeof a === 'boolean' ? !a : null),
  _eq: (a, b) => (a === null || b === null ? null : a === b),
  _ne: (a, b) => (a === null || b === null ? null : a !== b),
  _lt: numeric((a, b) => a < b),
  _le: numeric((a, b) => a <= b),
  _gt: numeric((a, b) => a > b),
  _ge: numeric((a, b) => a >= b),
  _add: numeric((a, b) => a + b),
  _sub: numeric((a, b) => a - b),
  _mul: numeric((a, b) => a * b),
  _div: numeric((a, b) => (b === 0 ? null : a / b)),
  _neg: (a) => (typeof a === 'number' ? -a : null),
  _pos: (a) => (typeof a === 'number' ? a : null),
};

function scopeFor(answers: AnswerLookup): Map<string, unknown> {
  const scope = new Map<string, unknown>(Object.entries(OPERATOR_FUNCTIONS));
  scope.set('answer', (id: string) => answers.option(id));
  scope.set('score', (id: string) => answers.score(id));
  return scope;
}
