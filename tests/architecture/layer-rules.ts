/**
 * The layer rules of `src/`, checked on the source text (README, "Layout"):
 *
 * - `cli-imports-web`: the command line never imports the web (what both need lives in a shared
 *   folder such as `published/` or `analysis/`), directly or through another module. Only the
 *   command table, above both, names the web's commands.
 * - `shared-imports-web`: nothing outside `web/` imports it — the shared folders sit below the
 *   web and the CLI, so that either can use them without the other. The command table and the
 *   benchmarks (which measure the app) stand above and may.
 * - `sql-outside-storage`: SQL and the SQLite driver stay in `storage/` (its repositories and the
 *   database module); everyone else calls their functions.
 * - `public-web-reaches-storage`: public pages, API, feeds and the static export read published
 *   data through `published/` (PublicData), never the storage modules — directly or through a
 *   module that does. The workspace keeps its own repositories: it is not public.
 * - `storage-imports-workspace`: storage sits below the workspace — the workspace calls its
 *   repositories, never the other way round. What both need (the login limits, password
 *   hashing) lives in `storage/`. Type-only imports count too: a type is a dependency.
 *
 * The checker works on `{ path, text }` pairs, so a test can plant a violation and see it caught.
 * Imports are read with TypeScript's parser (static, `export … from` and `import()`), so
 * comments and strings never count as imports.
 */
import { posix } from 'node:path';
import ts from 'typescript';

export interface SourceFile {
  /** Relative to the repository root, with forward slashes: `src/cli/main.ts`. */
  path: string;
  text: string;
}

export interface Violation {
  rule:
    | 'cli-imports-web'
    | 'shared-imports-web'
    | 'sql-outside-storage'
    | 'public-web-reaches-storage'
    | 'storage-imports-workspace';
  file: string;
  line: number;
  message: string;
}

interface ImportRef {
  /** The imported module: a repository path for relative imports, else the package name. */
  target: string;
  typeOnly: boolean;
  line: number;
}

/** The command table sits above `cli/` and `web/` and starts the commands of both. */
const COMMAND_TABLE = 'src/command-table.ts';

/** Modules above the web that may import it: the command table, and benchmarks of the app. */
const ABOVE_WEB = (path: string) => path === COMMAND_TABLE || path.startsWith('src/bench/');

/**
 * Web modules that are not public pages or API, and why they may touch storage: the composition
 * root mounts the workspace (with its own repositories) and watches for publications; the one
 * error handler turns storage's "database busy" into a 503; the commands open the database file.
 */
const WEB_INFRASTRUCTURE = ['src/web/app.ts', 'src/web/http-error.ts', 'src/web/commands/'];

/**
 * The one storage import public web code may make: the type of the connection, which it only
 * hands on (to `PublicData` and `createApp`) without running anything on it.
 */
const CONNECTION_TYPE = 'src/storage/database.ts';

/**
 * Calls that are the SQLite driver's and nobody else's in this code base (names as common as
 * `table` or `aggregate` are left out: SQL text and the driver import catch those uses).
 */
const DRIVER_METHODS = new Set(['prepare', 'pragma', 'transaction', 'backup', 'loadExtension']);

/** SQL as it is written in this project's repositories: upper-case keywords. */
const SQL_TEXT =
  /^\s*(SELECT\s.+\sFROM\s|INSERT\s+(OR\s+\w+\s+)?INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|CREATE\s+(TABLE|INDEX|UNIQUE|TRIGGER|VIEW)\s|DROP\s+(TABLE|INDEX)\s|ALTER\s+TABLE\s|PRAGMA\s|BEGIN\b|COMMIT\b|WITH\s+\w+\s+AS\s*\()/s;

const isUnder = (path: string, folder: string) => path.startsWith(folder);
const isWebInfrastructure = (path: string) =>
  WEB_INFRASTRUCTURE.some((entry) => (entry.endsWith('/') ? isUnder(path, entry) : path === entry));
const isPublicWeb = (path: string) => isUnder(path, 'src/web/') && !isWebInfrastructure(path);

function parse(file: SourceFile): ts.SourceFile {
  return ts.createSourceFile(file.path, file.text, ts.ScriptTarget.ES2022, true);
}

function lineOf(source: ts.SourceFile, node: ts.Node): number {
  return source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
}

/** `./x.js` from `src/a/b.ts` → `src/a/x.ts`; packages and `node:` modules keep their name. */
function resolve(from: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  return posix.join(posix.dirname(from), specifier).replace(/\.js$/, '.ts');
}

function importsOf(file: SourceFile, source: ts.SourceFile): ImportRef[] {
  const found: ImportRef[] = [];
  const add = (specifier: ts.Expression | undefined, typeOnly: boolean, node: ts.Node) => {
    if (specifier && ts.isStringLiteralLike(specifier))
      found.push({
        target: resolve(file.path, specifier.text),
        typeOnly,
        line: lineOf(source, node),
      });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const everyNameIsType =
        clause !== undefined &&
        clause.name === undefined &&
        named !== undefined &&
        ts.isNamedImports(named) &&
        named.elements.length > 0 &&
        named.elements.every((element) => element.isTypeOnly);
      add(node.moduleSpecifier, clause?.isTypeOnly === true || everyNameIsType, node);
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, node.isTypeOnly, node);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], false, node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Driver calls, `.exec(` on anything but a regular expression, and SQL text. */
function sqlIn(file: SourceFile, source: ts.SourceFile): Violation[] {
  const found: Violation[] = [];
  const report = (node: ts.Node, what: string) =>
    found.push({
      rule: 'sql-outside-storage',
      file: file.path,
      line: lineOf(source, node),
      message: `${what}: SQL belongs in a src/storage/ module`,
    });
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      if (DRIVER_METHODS.has(method)) report(node, `.${method}(`);
      else if (method === 'exec' && !isRegExp(node.expression.expression, source))
        report(node, `${node.expression.getText(source)}(`);
    }
    if (
      (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) &&
      SQL_TEXT.test(node.text)
    )
      report(node, `SQL text "${node.text.trim().slice(0, 40)}"`);
    if (ts.isTemplateExpression(node) && SQL_TEXT.test(node.head.text))
      report(node, `SQL text "${node.head.text.trim().slice(0, 40)}"`);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * Whether `.exec(` runs on a regular expression: a literal, `new RegExp(…)`, or a name bound in
 * this file to one of those. A database's `.exec(sql)` is none of these.
 */
function isRegExp(receiver: ts.Expression, source: ts.SourceFile): boolean {
  const direct = (node: ts.Expression): boolean => {
    const inner = ts.isParenthesizedExpression(node) ? node.expression : node;
    return (
      ts.isRegularExpressionLiteral(inner) ||
      (ts.isNewExpression(inner) &&
        ts.isIdentifier(inner.expression) &&
        inner.expression.text === 'RegExp')
    );
  };
  if (direct(receiver)) return true;
  if (!ts.isIdentifier(receiver)) return false;
  let bound = false;
  const visit = (node: ts.Node) => {
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.name.text === receiver.text &&
      node.initializer !== undefined &&
      direct(node.initializer)
    )
      bound = true;
    if (!bound) ts.forEachChild(node, visit);
  };
  visit(source);
  return bound;
}

/**
 * Follows imports from `start`, not entering modules `stop` accepts, and returns the first chain
 * of imports that ends in a module `bad` accepts (or null).
 */
function chainTo(
  graph: ReadonlyMap<string, ImportRef[]>,
  start: string,
  bad: (ref: ImportRef) => boolean,
  stop: (path: string) => boolean,
): { chain: string[]; line: number } | null {
  const seen = new Set([start]);
  const queue: { path: string; chain: string[]; line: number }[] = [
    { path: start, chain: [start], line: 0 },
  ];
  while (queue.length > 0) {
    const { path, chain, line } = queue.shift()!;
    for (const ref of graph.get(path) ?? []) {
      const firstLine = chain.length === 1 ? ref.line : line;
      if (bad(ref)) return { chain: [...chain, ref.target], line: firstLine };
      if (seen.has(ref.target) || !graph.has(ref.target) || stop(ref.target)) continue;
      seen.add(ref.target);
      queue.push({ path: ref.target, chain: [...chain, ref.target], line: firstLine });
    }
  }
  return null;
}

/** Parsed files by path and text: the tests check the same sources many times over. */
const readFiles = new Map<string, { imports: ImportRef[]; sql: Violation[] }>();

function readFile(file: SourceFile): { imports: ImportRef[]; sql: Violation[] } {
  const key = `${file.path}\u0000${file.text}`;
  let read = readFiles.get(key);
  if (!read) {
    const source = parse(file);
    read = { imports: importsOf(file, source), sql: sqlIn(file, source) };
    readFiles.set(key, read);
  }
  return read;
}

export function checkLayers(files: readonly SourceFile[]): Violation[] {
  const violations: Violation[] = [];
  const graph = new Map<string, ImportRef[]>();
  for (const file of files) {
    const { imports, sql } = readFile(file);
    graph.set(file.path, imports);
    if (!isUnder(file.path, 'src/storage/')) {
      violations.push(...sql);
      for (const ref of imports.filter((r) => r.target === 'better-sqlite3'))
        violations.push({
          rule: 'sql-outside-storage',
          file: file.path,
          line: ref.line,
          message: 'imports the SQLite driver: only src/storage/ may (use its Db type)',
        });
    }
  }
  for (const file of files) {
    if (isUnder(file.path, 'src/storage/'))
      for (const ref of graph.get(file.path)!.filter((r) => isUnder(r.target, 'src/workspace/')))
        violations.push({
          rule: 'storage-imports-workspace',
          file: file.path,
          line: ref.line,
          message: `imports ${ref.target}: storage sits below the workspace (move what both need to src/storage/)`,
        });
    if (!isUnder(file.path, 'src/web/') && !isUnder(file.path, 'src/cli/') && !ABOVE_WEB(file.path))
      for (const ref of graph.get(file.path)!.filter((r) => isUnder(r.target, 'src/web/')))
        violations.push({
          rule: 'shared-imports-web',
          file: file.path,
          line: ref.line,
          message: `imports ${ref.target}: shared modules sit below the web (move what both need here)`,
        });
    if (isUnder(file.path, 'src/cli/')) {
      const found = chainTo(
        graph,
        file.path,
        (ref) => isUnder(ref.target, 'src/web/'),
        (path) => path === COMMAND_TABLE,
      );
      if (found)
        violations.push({
          rule: 'cli-imports-web',
          file: file.path,
          line: found.line,
          message: `reaches the web: ${found.chain.join(' → ')} (move what both need to a shared folder)`,
        });
    }
    if (isPublicWeb(file.path)) {
      const found = chainTo(
        graph,
        file.path,
        (ref) =>
          isUnder(ref.target, 'src/storage/') && !(ref.typeOnly && ref.target === CONNECTION_TYPE),
        (path) =>
          isUnder(path, 'src/published/') ||
          isUnder(path, 'src/storage/') ||
          isWebInfrastructure(path),
      );
      if (found)
        violations.push({
          rule: 'public-web-reaches-storage',
          file: file.path,
          line: found.line,
          message: `reaches storage outside the published-data layer: ${found.chain.join(' → ')}`,
        });
    }
  }
  return violations;
}
