/**
 * The layers of src/ hold (layer-rules.ts): the CLI never imports the web, SQL stays in
 * src/storage/, public web code reaches storage only through src/published/, storage never
 * imports the workspace. Each rule is also shown to catch a planted violation, so a checker that
 * sees nothing cannot pass.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../helpers/fixtures.js';
import { checkLayers, type SourceFile } from './layer-rules.js';

function sourceFiles(): SourceFile[] {
  return readdirSync(join(ROOT_DIR, 'src'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => {
      const file = join(entry.parentPath, entry.name);
      return {
        path: relative(ROOT_DIR, file).split(sep).join('/'),
        text: readFileSync(file, 'utf8'),
      };
    });
}

const real = sourceFiles();

/** The real sources with `path` replaced (or added) by `text`. */
function planted(path: string, text: string): SourceFile[] {
  return [...real.filter((f) => f.path !== path), { path, text }];
}

const rulesBroken = (files: SourceFile[]) =>
  checkLayers(files).map((v) => `${v.rule} ${v.file}:${v.line}: ${v.message}`);

describe('layers of src/', () => {
  it('reads every source file', () => {
    expect(real.length).toBeGreaterThan(100);
    expect(real.some((f) => f.path === 'src/published/public-data.ts')).toBe(true);
  });

  it('holds on the sources as they are', () => {
    expect(rulesBroken(real)).toEqual([]);
  });
});

describe('each rule catches a violation', () => {
  it('the CLI importing a web module, directly or through a shared module', () => {
    const direct = planted(
      'src/cli/commands/planted.ts',
      "import { buildChanges } from '../../web/view-models/changes.js';\nexport const x = buildChanges;\n",
    );
    expect(rulesBroken(direct)).toEqual([
      expect.stringMatching(
        /^cli-imports-web src\/cli\/commands\/planted\.ts:1: .*web\/view-models\/changes\.ts/,
      ),
    ]);
    const lazy = planted(
      'src/cli/commands/planted.ts',
      "export const load = () => import('../../web/app.js');\n",
    );
    expect(rulesBroken(lazy)).toEqual([expect.stringMatching(/^cli-imports-web /)]);
    const laundered = [
      ...planted(
        'src/analysis/planted-helper.ts',
        "export type { ChangesView } from '../web/view-models/changes.js';\n",
      ),
      {
        path: 'src/cli/commands/planted.ts',
        text: "import type { ChangesView } from '../../analysis/planted-helper.js';\nexport type X = ChangesView;\n",
      },
    ];
    expect(rulesBroken(laundered)).toEqual([
      expect.stringMatching(/^shared-imports-web src\/analysis\/planted-helper\.ts:1: /),
      expect.stringMatching(/planted\.ts:1: reaches the web: .*planted-helper\.ts → src\/web\//),
    ]);
  });

  it('a shared module importing the web', () => {
    const shared = planted(
      'src/published/planted.ts',
      "import { shown } from '../web/view-models/common.js';\nexport const f = shown;\n",
    );
    expect(rulesBroken(shared)).toEqual([
      expect.stringMatching(
        /^shared-imports-web src\/published\/planted\.ts:1: imports src\/web\/view-models\/common\.ts/,
      ),
    ]);
  });

  it('storage importing the workspace, for a value or only a type', () => {
    const value = planted(
      'src/storage/planted-repository.ts',
      "import { LOGIN_LIMITS } from '../workspace/login-throttle.js';\nexport const f = LOGIN_LIMITS;\n",
    );
    expect(rulesBroken(value)).toEqual([
      expect.stringMatching(
        /^storage-imports-workspace src\/storage\/planted-repository\.ts:1: imports src\/workspace\/login-throttle\.ts/,
      ),
    ]);
    const typeOnly = planted(
      'src/storage/planted-repository.ts',
      "import type { Actor } from '../workspace/workflow.js';\nexport type A = Actor;\n",
    );
    expect(rulesBroken(typeOnly)).toEqual([expect.stringMatching(/^storage-imports-workspace /)]);
    // The other way round is the intended direction.
    const workspace = planted(
      'src/workspace/planted.ts',
      "import { LOGIN_LIMITS } from '../storage/login-limits.js';\nexport const f = LOGIN_LIMITS;\n",
    );
    expect(rulesBroken(workspace)).toEqual([]);
  });

  it('SQL outside src/storage/: prepare, exec on a database, pragma, SQL text, the driver', () => {
    const cases: [string, RegExp][] = [
      ["export const f = (db: Db) => db.prepare('SELECT 1').get();", /\.prepare\(/],
      ['export const f = (db: Db) => db.exec(MIGRATION);', /db\.exec\(/],
      ["export const f = (db: Db) => db.pragma('integrity_check');", /\.pragma\(/],
      ['export const f = (db: Db) => this.db.transaction(() => 1).immediate();', /\.transaction\(/],
      [
        'export const SQL = `SELECT id FROM snapshots WHERE edition_id = ?`;',
        /SQL text "SELECT id/,
      ],
      ["export const SQL = 'DELETE FROM sessions';", /SQL text "DELETE FROM/],
      ["import Database from 'better-sqlite3';\nexport const D = Database;", /SQLite driver/],
    ];
    for (const [text, message] of cases) {
      const found = rulesBroken(planted('src/published/planted.ts', `${text}\n`));
      expect(found, text).toEqual([
        expect.stringMatching(/^sql-outside-storage src\/published\/planted\.ts:1: /),
      ]);
      expect(found[0]).toMatch(message);
    }
    // A regular expression's exec and words in a sentence are not SQL; storage may hold SQL.
    const fine = [
      'const DATE = /^(\\d{4})$/;\nexport const f = (s: string) => DATE.exec(s) ?? /x/.exec(s) ?? new RegExp(s).exec(s);',
      "export const help = 'Select an edition, then update the table from the form.';",
    ];
    for (const text of fine)
      expect(rulesBroken(planted('src/published/planted.ts', `${text}\n`)), text).toEqual([]);
    expect(
      rulesBroken(
        planted(
          'src/storage/planted-repository.ts',
          "export const f = (db: Db) => db.prepare('SELECT 1 FROM x');\n",
        ),
      ),
    ).toEqual([]);
  });

  it('public web code importing storage, directly or through another module', () => {
    const direct = planted(
      'src/web/routes/planted.ts',
      "import { listSnapshots } from '../../storage/snapshot-repository.js';\nexport const f = listSnapshots;\n",
    );
    expect(rulesBroken(direct)).toEqual([
      expect.stringMatching(
        /^public-web-reaches-storage src\/web\/routes\/planted\.ts:1: .*storage\/snapshot-repository\.ts/,
      ),
    ]);
    const viewModel = planted(
      'src/web/view-models/planted.ts',
      "import { getSheet } from '../../storage/sheet-repository.js';\nexport const f = getSheet;\n",
    );
    expect(rulesBroken(viewModel)).toEqual([expect.stringMatching(/^public-web-reaches-storage /)]);
    const laundered = [
      ...planted(
        'src/reports/planted-helper.ts',
        "export { getSheet } from '../storage/sheet-repository.js';\n",
      ),
      {
        path: 'src/web/routes/planted.ts',
        text: "import { getSheet } from '../../reports/planted-helper.js';\nexport const f = getSheet;\n",
      },
    ];
    expect(rulesBroken(laundered)).toEqual([
      expect.stringMatching(/planted\.ts:1: reaches storage .*planted-helper\.ts → src\/storage\//),
    ]);
    // Through the published-data layer, or only the connection's type: allowed.
    const allowed = planted(
      'src/web/routes/planted.ts',
      "import type { Db } from '../../storage/database.js';\nimport { PublicData } from '../../published/public-data.js';\nexport const f = (db: Db) => new PublicData(db);\n",
    );
    expect(rulesBroken(allowed)).toEqual([]);
  });
});
