/**
 * Data coded elsewhere, from an empty database to a published edition, through the built command
 * line only (`dist/cli/main.js`, what `npx policy-index` runs): the MIPEX 2014 scores (2015
 * generation, ../shared/mipex2015) and the MIPEX 2019 scores (2020 generation,
 * ../shared/mipex2020), read in place, become answer sheets (`import-scores`), are imported into a
 * database made by `db init --empty`, approved as coded and published; the server then serves both
 * editions side by side. The published scores must equal the source's, the skip-logic deviations
 * of the 2014 data must be listed on its methodology page, a profile must name its instrument,
 * and `changes` across the two instruments must refuse.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/database.js';
import { csvLine, parseCsv } from '../../src/table/csv.js';
import { startServer, type Server } from '../../src/bench/soak-setup.js';
import { ROOT_DIR } from '../helpers/fixtures.js';

const BIN = join(ROOT_DIR, 'dist', 'cli', 'main.js');
const SCORES_2014 = join(ROOT_DIR, '..', 'shared', 'mipex2015', 'scores_2014.csv');
const SCORES_2019 = join(ROOT_DIR, '..', 'shared', 'mipex2020', 'scores_2019.csv');
const available = existsSync(SCORES_2014) && existsSync(SCORES_2019);
const GENERATION_2020 = join('questionnaire', 'generation-2020');

/** The source's country codes that are not ISO codes (the questionnaires' aliases). */
const COUNTRY_ALIASES: Record<string, string> = { UK: 'GB', TU: 'TR' };
const iso = (code: string) => COUNTRY_ALIASES[code] ?? code;

/** 2014: the published strands and dimensions, by the node that stands for them. */
const NODES_2014: Record<string, string> = {
  'FAMILY REUNION FOR FOREIGN CITIZENS|': 'family-reunification',
  'FAMILY REUNION FOR FOREIGN CITIZENS|ELIGIBILITY': 'fr-eligibility',
  'FAMILY REUNION FOR FOREIGN CITIZENS|CONDITIONS FOR ACQUISITION OF STATUS': 'fr-conditions',
  'FAMILY REUNION FOR FOREIGN CITIZENS|SECURITY OF STATUS': 'fr-security',
  'FAMILY REUNION FOR FOREIGN CITIZENS|RIGHTS ASSOCIATED WITH STATUS': 'fr-rights',
  'ACCESS TO NATIONALITY|': 'access-to-nationality',
  'ACCESS TO NATIONALITY|ELIGIBILITY': 'atn-eligibility',
  'ACCESS TO NATIONALITY|CONDITIONS FOR ACQUISITION': 'atn-conditions',
  'ACCESS TO NATIONALITY|SECURITY OF STATUS': 'atn-security',
  'ACCESS TO NATIONALITY|DUAL NATIONALITY': 'atn-dual-nationality',
};
/**
 * The source's one defect (tests/replication/replication-2014.test.ts): for Bulgaria and Poland
 * the workbook leaves item 101 out of its means. Published as coded, our numbers differ there.
 */
const KNOWN_DIFFERENCES_2014 = [
  'BG access-to-nationality',
  'BG atn-eligibility',
  'PL access-to-nationality',
  'PL atn-eligibility',
];
/** 2019: the leaves imported and the aggregates compared (MIPEX 2020 codes). */
const LEAVES_2019 = new Set(
  'ba21 ba26ba27 bb28a bb28b bb29a bb29b bb29c bb30 bb31 bc34 bc35 bc36 bd38 fa98 fa102_new fb104a fb105a fb106 fb107 fd115ab eb84a'.split(
    ' ',
  ),
);
const AGGREGATES_2019 = ['bb28', 'bb29', 'bb30bb31', 'fb_new', 'b', 'f'];

function records(file: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  return rows.map(({ fields }) =>
    Object.fromEntries(header!.fields.map((name, i) => [name, fields[i] ?? ''])),
  );
}

const close = (a: number | null, b: number | null) =>
  a === null || b === null ? a === b : Math.abs(a - b) <= 0.00005 + 1e-9;

interface ScoreRow {
  country: string;
  node: string;
  code: string | null;
  score: number | null;
}

describe.skipIf(!available)('data coded elsewhere, published as coded (CLI only)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let server: Server | null = null;
  let base = '';
  /** The built program, from the repository's root, on the database of `environment`. */
  const runIn =
    (environment: () => NodeJS.ProcessEnv) =>
    (...args: string[]) => {
      const result = spawnSync(process.execPath, [BIN, ...args], {
        cwd: ROOT_DIR,
        env: environment(),
        encoding: 'utf8',
      });
      return { code: result.status, out: result.stdout, err: result.stderr };
    };
  const policyIndex = runIn(() => env);
  const steps: Record<string, ReturnType<typeof policyIndex>> = {};

  beforeAll(async () => {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first`);
    dir = mkdtempSync(join(tmpdir(), 'as-coded-'));
    env = { ...process.env, POLICY_INDEX_DB: join(dir, 'index.sqlite'), POLICY_INDEX_USER: 'e2e' };

    const table2014 = [csvLine(['country', 'edition', 'code', 'score'])];
    for (const r of records(SCORES_2014))
      if (r.level === 'indicator' || r.level === 'subindicator')
        table2014.push(csvLine([r.country, '2014', r.code, r.score_2014]));
    writeFileSync(join(dir, 'leaves-2014.csv'), `${table2014.join('\n')}\n`);
    const table2019 = [csvLine(['country', 'edition', 'code', 'score'])];
    for (const r of records(SCORES_2019))
      if (LEAVES_2019.has(r.code!)) table2019.push(csvLine([r.country, r.year, r.code, r.score]));
    writeFileSync(join(dir, 'leaves-2019.csv'), `${table2019.join('\n')}\n`);

    steps.init = policyIndex('db', 'init', '--empty');
    steps.list = policyIndex('questionnaire', 'list');
    steps.sheets2014 = policyIndex(
      'import-scores',
      '--questionnaire',
      'questionnaire',
      '--out',
      join(dir, 'sheets-2014'),
      join(dir, 'leaves-2014.csv'),
    );
    steps.sheets2019 = policyIndex(
      'import-scores',
      '--questionnaire',
      GENERATION_2020,
      '--out',
      join(dir, 'sheets-2019'),
      join(dir, 'leaves-2019.csv'),
    );
    steps.validateBoth = policyIndex(
      'validate',
      '--threads',
      '1',
      join(dir, 'sheets-2014'),
      join(dir, 'sheets-2019'),
    );
    steps.scoreDeclared = policyIndex(
      'score',
      '--format',
      'csv',
      '--answers',
      join(dir, 'sheets-2019', '2019', 'AT.yaml'),
    );
    steps.import2014 = policyIndex('import-sheets', '--nice', '0', join(dir, 'sheets-2014'));
    steps.import2019 = policyIndex('import-sheets', '--nice', '0', join(dir, 'sheets-2019'));
    steps.publishUnapproved = policyIndex('publish', '2014');
    steps.approveStrict = policyIndex('approve', '2014');
    steps.approve2014 = policyIndex('approve', '2014', '--as-coded');
    steps.approve2019 = policyIndex('approve', '2019', '--as-coded');
    steps.publish2014 = policyIndex('publish', '2014');
    steps.publish2019 = policyIndex('publish', '2019');
    steps.changes = policyIndex('changes', 'AT', '2014', '2019');
    steps.initAgain = policyIndex('db', 'init', '--empty');
    // A database holding only the 2015-generation questionnaire: the 2019 sheets cannot go in.
    const other = { ...env, POLICY_INDEX_DB: join(dir, 'other.sqlite') };
    const inOther = runIn(() => other);
    steps.loadOne = inOther('questionnaire', 'load', 'questionnaire');
    steps.importUnloaded = inOther('import-sheets', '--nice', '0', join(dir, 'sheets-2019'));
    steps.loadOther = inOther('questionnaire', 'load', GENERATION_2020);
    steps.importLoaded = inOther('import-sheets', '--nice', '0', join(dir, 'sheets-2019'));

    server = await startServer(ROOT_DIR, env.POLICY_INDEX_DB!, { env });
    base = server.url;
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const get = async (path: string) => {
    const response = await fetch(base + path);
    return { status: response.status, text: await response.text() };
  };
  const scores = async (edition: string): Promise<ScoreRow[]> =>
    (JSON.parse((await get(`/api/v1/editions/${edition}/scores`)).text) as { rows: ScoreRow[] })
      .rows;

  it('creates an empty database holding both shipped questionnaires and no edition', () => {
    expect(steps.init!.code).toBe(0);
    expect(steps.init!.out).toMatch(/no editions \(empty\)/);
    expect(steps.list!.out).toMatch(/^migrant-policy-index 1\.1\.0 /m);
    expect(steps.list!.out).toMatch(/^migrant-policy-index-2020 1\.0\.0 /m);
  });

  it('validates and scores each sheet with the questionnaire it declares', () => {
    expect(steps.validateBoth!.code).toBe(0);
    // 49 deviations of the source from the skip logic, plus the language-tests strand's own
    // questions (questionnaire 1.1.0) that MIPEX never asked and the 2014 sheets so leave out:
    // 6 asked of every country, 3 more where a family test or course exists (28a, 28b, 29a or 29c
    // below 100) and 3 where a citizenship test or course exists (105a below 100): 342.
    expect(steps.validateBoth!.out).toMatch(/94 valid sheets; 0 errors, 391 warnings/);
    expect(steps.scoreDeclared!.code).toBe(0);
    expect(steps.scoreDeclared!.out).toMatch(/^AT,2019,family-reunion,strand,b,/m);
  });

  it('imports both datasets into editions of their own questionnaires', () => {
    expect(steps.sheets2014!.code).toBe(0);
    expect(steps.sheets2019!.code).toBe(0);
    expect(steps.import2014!.out).toMatch(/imported 38 sheets .*new editions: 2014/);
    expect(steps.import2019!.out).toMatch(/imported 56 sheets .*new editions: 2019/);
    // An imported sheet is not approved: nothing to publish yet.
    expect(steps.publishUnapproved!.code).toBe(1);
    expect(steps.publishUnapproved!.err).toMatch(/no approved sheet/);
  });

  it('approves data deviating from the skip logic only as coded', () => {
    expect(steps.approveStrict!.code).toBe(1);
    expect(steps.approveStrict!.err).toMatch(/EE: \d+ deviations from the skip logic/);
    expect(steps.approveStrict!.err).toMatch(/nothing approved/);
    expect(steps.approve2014!.code).toBe(0);
    expect(steps.approve2014!.out).toMatch(/approved 38 sheets of edition 2014/);
    expect(steps.approve2019!.out).toMatch(/approved 56 sheets of edition 2019/);
    expect(steps.publish2014!.out).toMatch(/published edition 2014 revision 1: 38 countries/);
    expect(steps.publish2019!.out).toMatch(/published edition 2019 revision 1: 56 countries/);
  });

  it('serves the 2014 edition with the published strand and dimension scores', async () => {
    const served = new Map((await scores('2014')).map((r) => [`${r.country} ${r.node}`, r.score]));
    const differences: string[] = [];
    let compared = 0;
    for (const r of records(SCORES_2014)) {
      if (r.level !== 'area' && r.level !== 'dimension') continue;
      const key = `${iso(r.country!)} ${NODES_2014[`${r.strand}|${r.level === 'area' ? '' : r.dimension}`]}`;
      compared++;
      const published = r.score_2014 === '' ? null : Number(r.score_2014);
      if (!close(served.get(key) ?? null, published)) differences.push(key);
    }
    expect(compared).toBe(38 * 10);
    expect(differences.sort()).toEqual(KNOWN_DIFFERENCES_2014);
  });

  it('serves the 2019 edition with every published aggregate', async () => {
    const served = new Map((await scores('2019')).map((r) => [`${r.country} ${r.code}`, r.score]));
    let compared = 0;
    for (const r of records(SCORES_2019)) {
      if (!AGGREGATES_2019.includes(r.code!)) continue;
      compared++;
      expect(
        close(served.get(`${iso(r.country!)} ${r.code}`) ?? null, Number(r.score)),
        r.country,
      ).toBe(true);
    }
    expect(compared).toBe(56 * AGGREGATES_2019.length);
  });

  it("lists the 2014 data's deviations on its methodology page, and none for 2019", async () => {
    const page = await get('/methodology?edition=2014');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/Published as coded: deviations from the skip logic/);
    expect(page.text).toMatch(/In 391 cases its answers do not follow/);
    expect(page.text).toMatch(/<td>Spain<\/td>/);
    expect(page.text).toMatch(/asked only when/);
    const other = await get('/methodology?edition=2019');
    expect(other.text).toMatch(
      /Edition 2019 is coded with the Migrant Policy Index questionnaire, 2020 generation, version 1\.0\.0/,
    );
    expect(other.text).not.toMatch(/deviations from the skip logic/);
  });

  it('keeps the recorded deviations immutable, with the snapshot', () => {
    const db = openDatabase(env.POLICY_INDEX_DB!);
    try {
      const count = (
        db.prepare('SELECT COUNT(*) AS n FROM snapshot_deviations').get() as { n: number }
      ).n;
      expect(count).toBe(391);
      expect(() => db.prepare('DELETE FROM snapshot_deviations').run()).toThrow(
        /cannot be deleted/,
      );
      expect(() => db.prepare("UPDATE snapshot_deviations SET answer = 'x'").run()).toThrow(
        /cannot be changed/,
      );
    } finally {
      db.close();
    }
  });

  it('names the instrument on a profile, and never compares across instruments', async () => {
    const profile = await get('/countries/EE/2019');
    expect(profile.status).toBe(200);
    expect(profile.text).toMatch(
      /Coded with the Migrant Policy Index questionnaire, 2020 generation, version 1\.0\.0/,
    );
    expect(profile.text).toMatch(
      /Not comparable with 2014: that edition is coded with another instrument/,
    );
    expect(profile.text).toContain('href="/countries/EE/instrument-change?from=2014&amp;to=2019"');
    const changes = await get('/countries/EE/changes?from=2014&to=2019');
    expect(changes.status).toBe(200);
    expect(changes.text).toMatch(/These editions are coded with different instruments/);
    expect(changes.text).toContain('href="/countries/EE/instrument-change?from=2014&amp;to=2019"');
    const older = await get('/countries/EE/2014');
    expect(older.text).toMatch(
      /Coded with the Migrant Policy Index questionnaire, version 1\.1\.0, as coded elsewhere: <a href="\/methodology\?edition=2014#deviations">\d+ answers deviate/,
    );
  });

  it('refuses db init on a database in use', () => {
    expect(steps.initAgain!.code).toBe(1);
    expect(steps.initAgain!.err).toMatch(/error\[database-not-empty\]/);
  });

  it("refuses a new edition's sheets coded with a questionnaire not loaded, until it is", () => {
    expect(steps.loadOne!.out).toMatch(/migrant-policy-index 1\.1\.0 loaded/);
    expect(steps.importUnloaded!.code).toBe(1);
    expect(steps.importUnloaded!.err).toMatch(
      /sheets-2019\/2019\/AT\.yaml:\d+:\d+: error\[questionnaire-not-loaded\]: the sheet is coded with questionnaire migrant-policy-index-2020 1\.0\.0/,
    );
    expect(steps.importUnloaded!.err).toMatch(/nothing was stored/);
    expect(steps.loadOther!.out).toMatch(/migrant-policy-index-2020 1\.0\.0 loaded/);
    expect(steps.importLoaded!.out).toMatch(/imported 56 sheets/);
  });

  it('refuses changes between editions of different questionnaires, naming the crosswalk page', () => {
    expect(steps.changes!.code).toBe(1);
    expect(steps.changes!.err).toMatch(/error\[instruments-differ\]/);
    expect(steps.changes!.err).toContain('/countries/AT/instrument-change?from=2014&to=2019');
  });
});

describe.skipIf(available)('data coded elsewhere, published as coded', () => {
  it('skipped: the MIPEX data is not in ../shared (it lives outside the project)', () => {
    expect(available).toBe(false);
  });
});
