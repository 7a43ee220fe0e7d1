/**
 * The problem codes are a contract (tools and tests match on them), so the three places that name
 * them must agree: the codes `src/` emits, the registry `src/issues/codes.ts`, and the list in
 * `questionnaire/README.md` ("Problem codes"). A code emitted but not registered or not documented
 * fails here, and so does a code documented or registered that nothing emits.
 *
 * Two guards: `Issue['code']` and the constructors `issueAt`/`fileIssue` take only a registered
 * code (`IssueCode`), so the type check refuses a new code that is not registered (the last test
 * here proves it); and, for codes that reach issues by other routes, the sources are read with
 * the TypeScript parser. What counts as emitting a code there: a kebab-case
 * string given as `code: '…'`, passed to a function that builds issues (`issueAt`, `fileIssue`,
 * `source.issue`, `rowIssue`, `problem`, `new InputError`, …), held in a variable named `code`
 * (`const [code, message] = … ? ['a-code', …] : …`), or listed in a type named `…Code` (codes
 * chosen through a typed union, like the evidence findings).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/command-table.js';
import { ISSUE_CODES } from '../../src/issues/codes.js';
import { issueAt, NOWHERE } from '../../src/issues/issue.js';
import { ROOT_DIR } from '../helpers/fixtures.js';

const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/;
/**
 * Functions whose arguments carry a problem code: `issueAt`, `fileIssue`, `rowIssue`, `problem`,
 * `conflict`, `refused`, … and the constructors of the project's error family (`InputError`,
 * `ConflictError`, …) — not the web's `HttpError` and `FormError`, whose codes are the API's
 * (OpenAPI). A string compared with `===` inside such a call is a test, not an emitted code.
 */
const ISSUE_BUILDER = /issue|problem|finding|conflict|refus|^(?!Http|Form)[A-Z]\w*Error$/i;
const REGISTRY = join('src', 'issues', 'codes.ts');
/**
 * The web's error handlers: the codes of HTTP errors (`not-found`, `internal-error`, …) are the
 * API's, described by its OpenAPI document; the problem codes they pass on are emitted elsewhere.
 */
const HTTP_ERROR_MODULES = new Set([
  join('src', 'web', 'http-error.ts'),
  join('src', 'http', 'http-error.ts'),
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

interface SourceScan {
  /** Codes in issue-building positions, with the files that emit them. */
  emitted: Map<string, Set<string>>;
  /** Every string literal of the sources (outside the registry). */
  literals: Set<string>;
}

/** `code`, `[code, message]`, `{ code }`: a variable that holds a code chosen by an expression. */
function namesCode(name: ts.BindingName): boolean {
  if (ts.isIdentifier(name)) return name.text === 'code';
  return name.elements.some(
    (element) => !ts.isOmittedExpression(element) && namesCode(element.name),
  );
}

function isComparison(kind: ts.SyntaxKind): boolean {
  return [
    ts.SyntaxKind.EqualsEqualsEqualsToken,
    ts.SyntaxKind.ExclamationEqualsEqualsToken,
    ts.SyntaxKind.EqualsEqualsToken,
    ts.SyntaxKind.ExclamationEqualsToken,
  ].includes(kind);
}

function scanSources(): SourceScan {
  const emitted = new Map<string, Set<string>>();
  const literals = new Set<string>();
  for (const path of sourceFiles(join(ROOT_DIR, 'src'))) {
    const file = relative(ROOT_DIR, path);
    if (file === REGISTRY || HTTP_ERROR_MODULES.has(file)) continue;
    const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest);
    const emit = (code: string) => {
      if (!KEBAB.test(code)) return;
      if (!emitted.has(code)) emitted.set(code, new Set());
      emitted.get(code)!.add(file);
    };
    const visit = (node: ts.Node, inBuilder: boolean): void => {
      if (ts.isBinaryExpression(node) && isComparison(node.operatorToken.kind)) {
        node.forEachChild((child) => visit(child, false));
        return;
      }
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
        literals.add(node.text);
        if (inBuilder) emit(node.text);
      }
      if (
        ts.isPropertyAssignment(node) &&
        ts.isIdentifier(node.name) &&
        node.name.text === 'code' &&
        ts.isStringLiteral(node.initializer)
      )
        emit(node.initializer.text);
      if (ts.isVariableDeclaration(node) && node.initializer && namesCode(node.name)) {
        visit(node.initializer, true);
        return;
      }
      if (ts.isTypeAliasDeclaration(node) && node.name.text.endsWith('Code')) {
        node.type.forEachChild((member) => {
          if (ts.isLiteralTypeNode(member) && ts.isStringLiteral(member.literal))
            emit(member.literal.text);
        });
      }
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        const callee = node.expression;
        const name = ts.isIdentifier(callee)
          ? callee.text
          : ts.isPropertyAccessExpression(callee)
            ? callee.name.text
            : '';
        if (ISSUE_BUILDER.test(name)) {
          for (const argument of node.arguments ?? [])
            visit(argument, !ts.isArrowFunction(argument) && !ts.isFunctionExpression(argument));
          return;
        }
      }
      // A function's body is not an argument: what it builds is judged on its own.
      const inner = inBuilder && !ts.isArrowFunction(node) && !ts.isFunctionExpression(node);
      node.forEachChild((child) => visit(child, inner));
    };
    visit(source, false);
  }
  return { emitted, literals };
}

/**
 * The codes `questionnaire/README.md` lists in its "Problem codes" section (command names such
 * as `import-events`, which the section mentions too, are not codes).
 */
function documentedCodes(): Set<string> {
  const readme = readFileSync(join(ROOT_DIR, 'questionnaire', 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Problem codes');
  expect(start, 'questionnaire/README.md has a "## Problem codes" section').toBeGreaterThan(-1);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  return new Set(
    [...section.matchAll(/`([^`]+)`/g)]
      .map((m) => m[1]!)
      .filter((word) => KEBAB.test(word) && !Object.hasOwn(COMMANDS, word)),
  );
}

const scan = scanSources();
const registered = new Set(Object.keys(ISSUE_CODES));

describe('problem codes', () => {
  it('every code emitted in src/ is in the registry (src/issues/codes.ts)', () => {
    const missing = [...scan.emitted]
      .filter(([code]) => !registered.has(code))
      .map(([code, files]) => `${code} (${[...files].join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('every registered code is emitted somewhere in src/', () => {
    const unused = [...registered].filter((code) => !scan.literals.has(code));
    expect(unused).toEqual([]);
  });

  it('questionnaire/README.md lists exactly the registered codes', () => {
    const documented = documentedCodes();
    expect({
      undocumented: [...registered].filter((code) => !documented.has(code)).sort(),
      notEmitted: [...documented].filter((code) => !registered.has(code)).sort(),
    }).toEqual({ undocumented: [], notEmitted: [] });
  });

  it('the scan sees codes however they are built', () => {
    // One of each way of building an issue, so that a change in the scan that stops seeing one
    // fails here rather than letting undocumented codes through.
    for (const code of [
      'file-not-found', // fileIssue(file, 'file-not-found', …)
      'duplicate-id', // source.issue('duplicate-id', …)
      'source-required', // type EvidenceCode = 'source-required' | …
      'yaml-syntax', // { code: 'yaml-syntax', … }
      'unknown-code', // rowIssue(…, 'unknown-code', …)
      'nothing-to-publish', // problem('nothing-to-publish', …)
      'completeness-conflict', // { ok: false, code: 'completeness-conflict', … }
    ])
      expect(scan.emitted.has(code), code).toBe(true);
    for (const code of registered) expect(code).toMatch(KEBAB);
  });

  it('an unregistered code does not type-check (npm test type-checks the tests)', () => {
    // @ts-expect-error 'no-such-code' is not a registered problem code
    const issue = issueAt(NOWHERE, 'no-such-code', 'a code nobody registered');
    expect(Object.hasOwn(ISSUE_CODES, issue.code)).toBe(false);
  });
});
