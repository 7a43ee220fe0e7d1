/**
 * Approving data coded elsewhere from the command line, through the built program only
 * (`dist/cli/main.js`): each approval is a review decision recorded like one taken on the
 * workspace's review page (by the operator at the command line, or by the account `--by` names,
 * whose role and assignments the workflow rule checks). The sheets approved as coded then go
 * round: published, exported (`as_coded: true` on the sheets that deviate from the skip logic),
 * imported into a fresh database (their deviations kept as warnings, not refused) and published
 * again — the same scores and the same recorded deviations. An ordinary approved sheet that
 * deviates is still refused. Data: the MIPEX 2014 scores (../shared/mipex2015), read in place.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/database.js';
import { decisionsOf } from '../../src/storage/decision-repository.js';
import { snapshotDeviations } from '../../src/storage/deviation-repository.js';
import { getSheet } from '../../src/storage/sheet-repository.js';
import { getSnapshot } from '../../src/storage/snapshot-repository.js';
import { csvLine, parseCsv } from '../../src/table/csv.js';
import { ROOT_DIR } from '../helpers/fixtures.js';

const BIN = join(ROOT_DIR, 'dist', 'cli', 'main.js');
const SCORES_2014 = join(ROOT_DIR, '..', 'shared', 'mipex2015', 'scores_2014.csv');

function leaves2014(): string {
  const [header, ...rows] = parseCsv(readFileSync(SCORES_2014, 'utf8'));
  const at = (name: string) => header!.fields.indexOf(name);
  const table = [csvLine(['country', 'edition', 'code', 'score'])];
  for (const { fields } of rows)
    if (['indicator', 'subindicator'].includes(fields[at('level')]!))
      table.push(
        csvLine([fields[at('country')]!, '2014', fields[at('code')]!, fields[at('score_2014')]!]),
      );
  return `${table.join('\n')}\n`;
}

/** What the database holds about edition 2014: scores and deviations published, decisions. */
function published(file: string) {
  const db = openDatabase(file);
  try {
    const snapshot = getSnapshot(db, '2014')!;
    return { scores: snapshot.scores, deviations: snapshotDeviations(db, snapshot.id) };
  } finally {
    db.close();
  }
}

describe.skipIf(!existsSync(SCORES_2014))(
  'approve as coded: review decisions, and the round trip',
  () => {
    let dir: string;
    const dbFile = () => join(dir, 'first.sqlite');
    const run = (db: string, ...args: string[]) => {
      const result = spawnSync(process.execPath, [BIN, ...args], {
        cwd: ROOT_DIR,
        env: {
          ...process.env,
          POLICY_INDEX_DB: join(dir, db),
          POLICY_INDEX_USER: 'operator-e2e',
          POLICY_INDEX_PASSWORD: 'a long enough test password 1',
        },
        encoding: 'utf8',
      });
      return { code: result.status, out: result.stdout, err: result.stderr };
    };
    const steps: Record<string, ReturnType<typeof run>> = {};
    let before: Map<string, number>;

    beforeAll(() => {
      if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first`);
      dir = mkdtempSync(join(tmpdir(), 'as-coded-round-'));
      writeFileSync(join(dir, 'leaves.csv'), leaves2014());
      const first = (...args: string[]) => run('first.sqlite', ...args);
      steps.init = first('db', 'init', '--empty');
      steps.sheets = first(
        'import-scores',
        '--questionnaire',
        'questionnaire',
        '--out',
        join(dir, 'sheets'),
        join(dir, 'leaves.csv'),
      );
      steps.import = first('import-sheets', '--nice', '0', join(dir, 'sheets'));
      steps.coordinator = first(
        'user',
        'add',
        'coord@example.org',
        '--role',
        'coordinator',
        '--name',
        'Cora Ordinator',
      );
      steps.reviewer = first('user', 'add', 'rev@example.org', '--role', 'reviewer');
      const db = openDatabase(dbFile());
      before = new Map(
        ['AT', 'BE'].map((c) => [c, getSheet(db, { country: c, edition: '2014' })!.revision]),
      );
      db.close();
      steps.byUnknown = first('approve', '2014', 'AT', '--as-coded', '--by', 'nobody@example.org');
      steps.byUnassigned = first('approve', '2014', 'AT', '--as-coded', '--by', 'rev@example.org');
      steps.byCoordinator = first(
        'approve',
        '2014',
        'AT',
        '--as-coded',
        '--by',
        'COORD@example.org',
        '--reason',
        'checked against the source workbook',
      );
      steps.asOperator = first('approve', '2014', '--as-coded');
      steps.publish = first('publish', '2014');
      steps.export = first('export-sheets', join(dir, 'exported'));
      // A fresh database: the exported sheets, approved as coded, go in and are published again.
      const second = (...args: string[]) => run('second.sqlite', ...args);
      steps.init2 = second('db', 'init', '--empty');
      steps.import2 = second('import-sheets', '--nice', '0', join(dir, 'exported'));
      steps.publish2 = second('publish', '2014');
      // Without the field, the same sheet is an ordinary approved sheet that deviates: refused.
      const exported = join(dir, 'exported', '2014', 'AT.yaml');
      writeFileSync(
        join(dir, 'AT-plain.yaml'),
        readFileSync(exported, 'utf8').replace('as_coded: true\n', ''),
      );
      steps.init3 = run('third.sqlite', 'db', 'init', '--empty');
      steps.plain = run('third.sqlite', 'import-sheets', '--nice', '0', join(dir, 'AT-plain.yaml'));
      writeFileSync(
        join(dir, 'AT-imported.yaml'),
        readFileSync(exported, 'utf8').replace('status: published', 'status: imported'),
      );
      steps.notApproved = run(
        'third.sqlite',
        'import-sheets',
        '--nice',
        '0',
        join(dir, 'AT-imported.yaml'),
      );
    }, 240_000);

    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('prepares the database', () => {
      for (const name of ['init', 'sheets', 'import', 'coordinator', 'reviewer'])
        expect(steps[name]!.code, `${name}: ${steps[name]!.err}`).toBe(0);
    });

    it('refuses --by an unknown account and an account the workflow does not let approve', () => {
      expect(steps.byUnknown!.code).toBe(1);
      expect(steps.byUnknown!.err).toMatch(/error\[unknown-account\]: .*nobody@example\.org/);
      expect(steps.byUnassigned!.code).toBe(1);
      expect(steps.byUnassigned!.err).toMatch(/error\[not-allowed\]: AT: .*reviewer/);
      expect(steps.byUnassigned!.err).toContain('nothing approved');
      expect(steps.byUnknown!.out + steps.byUnassigned!.out).toBe('');
    });

    it('records a review decision for every sheet approved, like the workspace does', () => {
      expect(steps.byCoordinator!.code, steps.byCoordinator!.err).toBe(0);
      expect(steps.byCoordinator!.out).toContain('approved 1 sheet of edition 2014: AT');
      expect(steps.asOperator!.code, steps.asOperator!.err).toBe(0);
      expect(steps.asOperator!.out).toMatch(/approved 37 sheets of edition 2014/);
      const db = openDatabase(dbFile());
      try {
        const at = getSheet(db, { country: 'AT', edition: '2014' })!;
        expect(decisionsOf(db, at.id)).toEqual([
          expect.objectContaining({
            decision: 'approved',
            userName: 'Cora Ordinator',
            userEmail: 'coord@example.org',
            reason: 'checked against the source workbook',
            sheetRevision: before.get('AT'),
          }),
        ]);
        const be = getSheet(db, { country: 'BE', edition: '2014' })!;
        const [decision, ...more] = decisionsOf(db, be.id);
        expect(more).toEqual([]);
        expect(decision).toMatchObject({
          decision: 'approved',
          userName: 'operator-e2e',
          userEmail: 'command line',
          reason: 'approved as coded (command line)',
          sheetRevision: before.get('BE'),
        });
        expect(decision!.decidedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      } finally {
        db.close();
      }
    });

    it('exports the sheets that deviate from the skip logic with as_coded: true, and only those', () => {
      expect(steps.publish!.code, steps.publish!.err).toBe(0);
      expect(steps.export!.code, steps.export!.err).toBe(0);
      const folder = join(dir, 'exported', '2014');
      const texts = readdirSync(folder).map((f) => readFileSync(join(folder, f), 'utf8'));
      const deviating = new Set(published(dbFile()).deviations.map((d) => d.country));
      expect(deviating.size).toBeGreaterThan(0);
      expect(texts.filter((t) => t.includes('\nas_coded: true\n')).length).toBe(deviating.size);
      expect(texts.length).toBe(38);
    });

    it('imports them into a fresh database, keeping the deviations as warnings, and publishes the same', () => {
      expect(steps.init2!.code).toBe(0);
      expect(steps.import2!.code, steps.import2!.err).toBe(0);
      expect(steps.import2!.out).toMatch(/^imported 38 sheets/);
      const original = published(dbFile());
      expect(steps.import2!.err).toContain(
        `kept ${original.deviations.length} deviations from the skip logic as warnings; "publish" records them with the edition`,
      );
      expect(steps.import2!.err).toMatch(/warning\[answer-where-skipped\]/);
      expect(steps.import2!.err).not.toMatch(/error\[/);
      expect(steps.publish2!.code, steps.publish2!.err).toBe(0);
      const again = published(join(dir, 'second.sqlite'));
      expect(original.deviations.length).toBeGreaterThan(0);
      expect(again.deviations).toEqual(original.deviations);
      // The same scores, computed again (only the time of computing differs).
      expect({ ...again.scores, computed_at: null }).toEqual({
        ...original.scores,
        computed_at: null,
      });
      expect(original.scores.results.length).toBe(38);
    });

    it('still refuses an ordinary approved sheet that deviates, and as_coded on a sheet not approved', () => {
      expect(steps.plain!.code).toBe(1);
      expect(steps.plain!.err).toMatch(
        /AT-plain\.yaml:\d+:\d+: error\[(answer-where-skipped|missing-answer)\]/,
      );
      expect(steps.plain!.err).toContain('nothing was stored');
      expect(steps.notApproved!.code).toBe(1);
      expect(steps.notApproved!.err).toMatch(
        /AT-imported\.yaml:\d+:\d+: error\[as-coded-not-approved\]/,
      );
    });
  },
);
