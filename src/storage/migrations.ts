/**
 * Numbered schema migrations, applied in order at start and recorded in `schema_migrations`.
 * A migration, once released, is never edited: changes come as a new migration.
 *
 * Two time axes are kept apart everywhere: *law time* (an edition's reference date, an answer's
 * `in_force_since`) and *record time* (`*_at` columns: when something was coded or changed).
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE questionnaire_versions (
        id INTEGER PRIMARY KEY,
        questionnaire_id TEXT NOT NULL,
        version TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        scoring_hash TEXT NOT NULL,
        -- The questionnaire's source files ({ "index.yaml": "…", … }): enough to rebuild it exactly.
        files TEXT NOT NULL,
        loaded_at TEXT NOT NULL
      );

      CREATE TABLE countries (
        code TEXT PRIMARY KEY CHECK (length(code) = 2),
        name TEXT NOT NULL
      );
      CREATE TABLE country_aliases (
        alias TEXT PRIMARY KEY,
        code TEXT NOT NULL REFERENCES countries(code)
      );
      CREATE TABLE country_groups (
        id TEXT PRIMARY KEY,
        label TEXT NOT NULL,
        description TEXT
      );
      CREATE TABLE country_group_members (
        group_id TEXT NOT NULL REFERENCES country_groups(id) ON DELETE CASCADE,
        country_code TEXT NOT NULL REFERENCES countries(code),
        PRIMARY KEY (group_id, country_code)
      );

      CREATE TABLE editions (
        id TEXT PRIMARY KEY,
        reference_date TEXT NOT NULL,
        questionnaire_version_id INTEGER NOT NULL REFERENCES questionnaire_versions(id),
        created_at TEXT NOT NULL
      );

      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'expert', 'reviewer')),
        password_hash TEXT,
        created_at TEXT NOT NULL,
        disabled_at TEXT
      );
      CREATE TABLE assignments (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        country TEXT NOT NULL REFERENCES countries(code),
        edition_id TEXT NOT NULL REFERENCES editions(id),
        strand_id TEXT,
        task TEXT NOT NULL CHECK (task IN ('expert', 'reviewer')),
        created_at TEXT NOT NULL,
        UNIQUE (user_id, country, edition_id, strand_id, task)
      );

      CREATE TABLE sheets (
        id INTEGER PRIMARY KEY,
        country TEXT NOT NULL REFERENCES countries(code),
        edition_id TEXT NOT NULL REFERENCES editions(id),
        -- Several experts may code the same country and edition; 'official' is the sheet that counts.
        coder_key TEXT NOT NULL DEFAULT 'official',
        status TEXT NOT NULL CHECK (status IN ('imported', 'draft', 'submitted', 'in_review', 'approved', 'published')),
        illustrative INTEGER NOT NULL DEFAULT 0 CHECK (illustrative IN (0, 1)),
        revision INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        UNIQUE (country, edition_id, coder_key)
      );
      CREATE TABLE sheet_coders (
        sheet_id INTEGER NOT NULL REFERENCES sheets(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        email TEXT,
        PRIMARY KEY (sheet_id, position)
      );
      CREATE TABLE answers (
        sheet_id INTEGER NOT NULL REFERENCES sheets(id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        answer TEXT NOT NULL,
        comment TEXT,
        in_force_since TEXT,
        confidence TEXT CHECK (confidence IN ('low', 'medium', 'high')),
        PRIMARY KEY (sheet_id, question_id)
      );
      CREATE TABLE answer_sources (
        sheet_id INTEGER NOT NULL,
        question_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        article TEXT,
        url TEXT,
        date TEXT,
        PRIMARY KEY (sheet_id, question_id, position),
        FOREIGN KEY (sheet_id, question_id) REFERENCES answers(sheet_id, question_id) ON DELETE CASCADE
      );

      -- Every change of an answer: append-only.
      CREATE TABLE answer_history (
        id INTEGER PRIMARY KEY,
        sheet_id INTEGER NOT NULL REFERENCES sheets(id),
        question_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        changed_at TEXT NOT NULL,
        changed_by TEXT NOT NULL,
        reason TEXT,
        before TEXT,
        after TEXT
      );
      CREATE INDEX answer_history_by_question ON answer_history(sheet_id, question_id, id);
      CREATE TRIGGER answer_history_no_update BEFORE UPDATE ON answer_history
        BEGIN SELECT RAISE(ABORT, 'answer history is append-only'); END;
      CREATE TRIGGER answer_history_no_delete BEFORE DELETE ON answer_history
        BEGIN SELECT RAISE(ABORT, 'answer history is append-only'); END;

      -- Published editions: immutable; a correction is a new revision with a note.
      CREATE TABLE snapshots (
        id INTEGER PRIMARY KEY,
        edition_id TEXT NOT NULL REFERENCES editions(id),
        revision INTEGER NOT NULL CHECK (revision >= 1),
        published_at TEXT NOT NULL,
        published_by TEXT NOT NULL,
        note TEXT,
        questionnaire_version_id INTEGER NOT NULL REFERENCES questionnaire_versions(id),
        method_id TEXT NOT NULL,
        -- The answer sheets and the scores, as JSON, exactly as published.
        sheets TEXT NOT NULL,
        scores TEXT NOT NULL,
        UNIQUE (edition_id, revision),
        CHECK (revision = 1 OR (note IS NOT NULL AND length(trim(note)) > 0))
      );
      CREATE TRIGGER snapshots_no_update BEFORE UPDATE ON snapshots
        BEGIN SELECT RAISE(ABORT, 'published snapshots cannot be changed; publish a correction'); END;
      CREATE TRIGGER snapshots_no_delete BEFORE DELETE ON snapshots
        BEGIN SELECT RAISE(ABORT, 'published snapshots cannot be deleted'); END;

      -- Computed scores with their provenance, reused while sheet revision, questionnaire and method are unchanged.
      CREATE TABLE score_cache (
        sheet_id INTEGER NOT NULL REFERENCES sheets(id) ON DELETE CASCADE,
        sheet_revision INTEGER NOT NULL,
        questionnaire_hash TEXT NOT NULL,
        method_id TEXT NOT NULL,
        computed_at TEXT NOT NULL,
        scores TEXT NOT NULL,
        PRIMARY KEY (sheet_id, questionnaire_hash, method_id)
      );
    `,
  },
  {
    version: 2,
    name: 'workspace: sessions, login throttling, review comments, carried-forward answers',
    sql: `
      CREATE TABLE sessions (
        -- sha256 of the cookie token: a copy of the database does not give anyone a session.
        id TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        csrf_token TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX sessions_by_user ON sessions(user_id);

      CREATE TABLE login_failures (
        key TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX login_failures_by_key ON login_failures(key, at);

      CREATE TABLE review_comments (
        id INTEGER PRIMARY KEY,
        sheet_id INTEGER NOT NULL REFERENCES sheets(id) ON DELETE CASCADE,
        question_id TEXT,
        author_id INTEGER NOT NULL REFERENCES users(id),
        body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
        created_at TEXT NOT NULL
      );
      CREATE INDEX review_comments_by_sheet ON review_comments(sheet_id, id);

      -- Answers copied from the previous edition that the expert has not yet confirmed.
      CREATE TABLE carried_forward (
        sheet_id INTEGER NOT NULL REFERENCES sheets(id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        from_edition TEXT NOT NULL,
        PRIMARY KEY (sheet_id, question_id)
      );
    `,
  },
  {
    version: 3,
    name: 'workspace: login throttling per account, address and device; password resets',
    sql: `
      -- Failed sign-ins, counted per account (the email typed), per address and overall, and per
      -- device for browsers that signed in before (see src/workspace/login-throttle.ts). Rows older
      -- than the window are deleted as new ones come. The old table counted one email+address key.
      DROP TABLE login_failures;
      CREATE TABLE login_failures (
        email TEXT NOT NULL,
        address TEXT NOT NULL,
        -- sha256 of the device cookie presented with the attempt, when it was valid for the email.
        device TEXT,
        at TEXT NOT NULL
      );
      CREATE INDEX login_failures_by_email ON login_failures(email, at);
      CREATE INDEX login_failures_by_address ON login_failures(address, at);
      CREATE INDEX login_failures_by_at ON login_failures(at);
      CREATE INDEX login_failures_by_device ON login_failures(device, at) WHERE device IS NOT NULL;

      -- Browsers that signed in to an account: sha256 of the cookie token. They are exempt from the
      -- account-wide limits, so that failures from elsewhere cannot lock the real user out.
      CREATE TABLE login_devices (
        id TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX login_devices_by_user ON login_devices(user_id);

      -- One-time password reset links made by an admin or coordinator: sha256 of the token only.
      CREATE TABLE password_resets (
        id TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_by INTEGER NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT
      );
      CREATE INDEX password_resets_by_user ON password_resets(user_id);
    `,
  },
  {
    version: 4,
    name: 'partial editions and what a publication left out or carried',
    sql: `
      -- A partial publication lacks countries the edition was expected to have; it is shown as
      -- partial and never becomes the default edition of the public site.
      ALTER TABLE snapshots ADD COLUMN partial INTEGER NOT NULL DEFAULT 0 CHECK (partial IN (0, 1));
      -- Why the coordinator published it as complete although countries were missing.
      ALTER TABLE snapshots ADD COLUMN complete_because TEXT;
      -- JSON: { "expected": [codes], "missing": [{ "country", "status" }],
      --         "carried": [{ "country", "fromRevision", "status" }], "withdrawn": [codes] }
      ALTER TABLE snapshots ADD COLUMN coverage TEXT NOT NULL DEFAULT '{}';
    `,
  },
  {
    version: 6,
    name: 'workspace: review decisions',
    sql: `
      -- Every reviewer's decision on a sheet: who, when, which revision, what, why. Append-only:
      -- a status change alone writes no answer history, so decisions are kept here.
      CREATE TABLE review_decisions (
        id INTEGER PRIMARY KEY,
        sheet_id INTEGER NOT NULL REFERENCES sheets(id),
        -- The revision the reviewer saw and decided on.
        sheet_revision INTEGER NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('approved', 'changes-requested')),
        user_id INTEGER NOT NULL REFERENCES users(id),
        reason TEXT CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 5000),
        decided_at TEXT NOT NULL
      );
      CREATE INDEX review_decisions_by_sheet ON review_decisions(sheet_id, id);
      CREATE TRIGGER review_decisions_no_update BEFORE UPDATE ON review_decisions
        BEGIN SELECT RAISE(ABORT, 'review decisions are append-only'); END;
      CREATE TRIGGER review_decisions_no_delete BEFORE DELETE ON review_decisions
        BEGIN SELECT RAISE(ABORT, 'review decisions are append-only'); END;
    `,
  },
  {
    version: 7,
    name: 'legal events: court decisions and legislation, their history and publication',
    sql: `
      -- Court decisions and legislation linked to countries and questions (src/events/types.ts),
      -- entered and reviewed like sheets. The event itself is one JSON document (camelCase, as
      -- LegalEvent); its countries are repeated in legal_event_countries for scope queries.
      CREATE TABLE legal_events (
        id TEXT PRIMARY KEY,
        edition_id TEXT NOT NULL REFERENCES editions(id),
        status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'in_review', 'approved', 'published')),
        revision INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
        data TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
      );
      CREATE INDEX legal_events_by_edition ON legal_events(edition_id, id);
      CREATE TABLE legal_event_countries (
        event_id TEXT NOT NULL REFERENCES legal_events(id) ON DELETE CASCADE,
        country TEXT NOT NULL REFERENCES countries(code),
        PRIMARY KEY (event_id, country)
      );
      CREATE INDEX legal_event_countries_by_country ON legal_event_countries(country);

      -- Every change of an event (content or status): who, when, what, why, before and after.
      CREATE TABLE legal_event_history (
        id INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES legal_events(id),
        revision INTEGER NOT NULL,
        changed_at TEXT NOT NULL,
        changed_by TEXT NOT NULL,
        action TEXT NOT NULL,
        reason TEXT,
        status_before TEXT,
        status_after TEXT NOT NULL,
        before TEXT,
        after TEXT NOT NULL
      );
      CREATE INDEX legal_event_history_by_event ON legal_event_history(event_id, id);
      CREATE TRIGGER legal_event_history_no_update BEFORE UPDATE ON legal_event_history
        BEGIN SELECT RAISE(ABORT, 'legal event history is append-only'); END;
      CREATE TRIGGER legal_event_history_no_delete BEFORE DELETE ON legal_event_history
        BEGIN SELECT RAISE(ABORT, 'legal event history is append-only'); END;

      -- The events published with a snapshot, frozen as JSON: immutable like the snapshot.
      CREATE TABLE published_legal_events (
        snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
        event_id TEXT NOT NULL,
        event_revision INTEGER NOT NULL,
        date TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (snapshot_id, event_id)
      );
      CREATE TRIGGER published_legal_events_no_update BEFORE UPDATE ON published_legal_events
        BEGIN SELECT RAISE(ABORT, 'published events cannot be changed; publish a correction'); END;
      CREATE TRIGGER published_legal_events_no_delete BEFORE DELETE ON published_legal_events
        BEGIN SELECT RAISE(ABORT, 'published events cannot be deleted'); END;
    `,
  },
  {
    version: 8,
    name: 'deviations from the skip logic published as coded, with their snapshot',
    sql: `
      -- Answers of data coded elsewhere, approved and published as coded although the skip logic
      -- says otherwise: recorded with the snapshot they were published in, immutable like it.
      CREATE TABLE snapshot_deviations (
        snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
        country TEXT NOT NULL,
        question_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('answer-where-skipped', 'missing-answer', 'not-applicable-not-allowed')),
        answer TEXT,
        condition TEXT,
        PRIMARY KEY (snapshot_id, country, question_id)
      );
      CREATE TRIGGER snapshot_deviations_no_update BEFORE UPDATE ON snapshot_deviations
        BEGIN SELECT RAISE(ABORT, 'published deviations cannot be changed; publish a correction'); END;
      CREATE TRIGGER snapshot_deviations_no_delete BEFORE DELETE ON snapshot_deviations
        BEGIN SELECT RAISE(ABORT, 'published deviations cannot be deleted'); END;
    `,
  },
  {
    version: 9,
    name: "editors' key findings and recommendations per country and edition, published with the snapshot",
    sql: `
      -- The working copy of the editors' text of a country in an edition ({ keyFindings,
      -- recommendations } as JSON), with a review status and a revision like a sheet.
      CREATE TABLE editorial_texts (
        country TEXT NOT NULL,
        edition_id TEXT NOT NULL REFERENCES editions(id),
        status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'in_review', 'approved', 'published')),
        revision INTEGER NOT NULL,
        data TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        PRIMARY KEY (country, edition_id)
      );

      -- Every change of a text (content or status): who, when, what, why, and the text after it.
      CREATE TABLE editorial_history (
        id INTEGER PRIMARY KEY,
        country TEXT NOT NULL,
        edition_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        changed_at TEXT NOT NULL,
        changed_by TEXT NOT NULL,
        action TEXT NOT NULL,
        reason TEXT,
        status_before TEXT,
        status_after TEXT NOT NULL,
        data TEXT NOT NULL,
        FOREIGN KEY (country, edition_id) REFERENCES editorial_texts(country, edition_id)
      );
      CREATE INDEX editorial_history_by_text ON editorial_history(country, edition_id, id);
      CREATE TRIGGER editorial_history_no_update BEFORE UPDATE ON editorial_history
        BEGIN SELECT RAISE(ABORT, 'editorial history is append-only'); END;
      CREATE TRIGGER editorial_history_no_delete BEFORE DELETE ON editorial_history
        BEGIN SELECT RAISE(ABORT, 'editorial history is append-only'); END;

      -- The texts published with a snapshot, frozen as JSON: immutable like the snapshot.
      CREATE TABLE published_editorials (
        snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
        country TEXT NOT NULL,
        text_revision INTEGER NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (snapshot_id, country)
      );
      CREATE TRIGGER published_editorials_no_update BEFORE UPDATE ON published_editorials
        BEGIN SELECT RAISE(ABORT, 'published texts cannot be changed; publish a correction'); END;
      CREATE TRIGGER published_editorials_no_delete BEFORE DELETE ON published_editorials
        BEGIN SELECT RAISE(ABORT, 'published texts cannot be deleted'); END;
    `,
  },
  {
    version: 10,
    name: 'review decisions taken at the command line: by the operator, named, without an account',
    sql: `
      -- A decision is taken by a workspace account (user_id) or, with "policy-index approve"
      -- without --by, by the person at the command line (operator: POLICY_INDEX_USER or the login
      -- name), who holds the database file and has no account. Rebuilt because SQLite cannot drop
      -- NOT NULL; DROP TABLE fires no trigger, so the append-only rows are copied, never changed.
      CREATE TABLE review_decisions_v10 (
        id INTEGER PRIMARY KEY,
        sheet_id INTEGER NOT NULL REFERENCES sheets(id),
        sheet_revision INTEGER NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('approved', 'changes-requested')),
        user_id INTEGER REFERENCES users(id),
        operator TEXT CHECK (operator IS NULL OR length(operator) BETWEEN 1 AND 200),
        reason TEXT CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 5000),
        decided_at TEXT NOT NULL,
        CHECK ((user_id IS NULL) <> (operator IS NULL))
      );
      INSERT INTO review_decisions_v10 (id, sheet_id, sheet_revision, decision, user_id, operator, reason, decided_at)
        SELECT id, sheet_id, sheet_revision, decision, user_id, NULL, reason, decided_at FROM review_decisions;
      DROP TABLE review_decisions;
      ALTER TABLE review_decisions_v10 RENAME TO review_decisions;
      CREATE INDEX review_decisions_by_sheet ON review_decisions(sheet_id, id);
      CREATE TRIGGER review_decisions_no_update BEFORE UPDATE ON review_decisions
        BEGIN SELECT RAISE(ABORT, 'review decisions are append-only'); END;
      CREATE TRIGGER review_decisions_no_delete BEFORE DELETE ON review_decisions
        BEGIN SELECT RAISE(ABORT, 'review decisions are append-only'); END;
    `,
  },
  {
    version: 11,
    name: "a sheet's answers as one JSON text; a new sheet's history as one row",
    sql: `
      -- A sheet's answers, in its order, as one JSON text (src/answers/answers-json.ts):
      --   [[question_id, answer, comment, in_force_since, confidence,
      --     [[title, article, url, date], ...]], ...]
      -- A sheet is read and written whole; a row per answer and per legal source made an import
      -- of 1,000 real-size sheets write 200,000 rows and index entries where 1,000 texts do.
      CREATE TABLE sheet_answers (
        sheet_id INTEGER PRIMARY KEY REFERENCES sheets(id) ON DELETE CASCADE,
        answers TEXT NOT NULL
      );
      INSERT INTO sheet_answers (sheet_id, answers)
        SELECT s.id, COALESCE(
          (SELECT json_group_array(json_array(a.question_id, a.answer, a.comment, a.in_force_since,
              a.confidence,
              json(COALESCE(
                (SELECT json_group_array(json_array(src.title, src.article, src.url, src.date)
                   ORDER BY src.position)
                 FROM answer_sources src
                 WHERE src.sheet_id = a.sheet_id AND src.question_id = a.question_id),
                '[]')))
             ORDER BY a.position)
           FROM answers a WHERE a.sheet_id = s.id),
          '[]')
        FROM sheets s;
      DROP TABLE answer_sources;
      DROP TABLE answers;

      -- The creation of a sheet is one row whose question_id is NULL: every answer the sheet was
      -- created with, at revision 1 (src/storage/sheet-repository.ts, answerHistory). Rows written
      -- before keep their row per answer. Rebuilt because SQLite cannot drop NOT NULL; DROP TABLE
      -- fires no trigger, so the append-only rows are copied, never changed.
      CREATE TABLE answer_history_v11 (
        id INTEGER PRIMARY KEY,
        sheet_id INTEGER NOT NULL REFERENCES sheets(id),
        question_id TEXT,
        revision INTEGER NOT NULL,
        changed_at TEXT NOT NULL,
        changed_by TEXT NOT NULL,
        reason TEXT,
        before TEXT,
        after TEXT,
        CHECK (question_id IS NOT NULL OR (revision = 1 AND before IS NULL AND after IS NULL))
      );
      INSERT INTO answer_history_v11 (id, sheet_id, question_id, revision, changed_at, changed_by, reason, before, after)
        SELECT id, sheet_id, question_id, revision, changed_at, changed_by, reason, before, after
        FROM answer_history;
      DROP TABLE answer_history;
      ALTER TABLE answer_history_v11 RENAME TO answer_history;
      CREATE INDEX answer_history_by_question ON answer_history(sheet_id, question_id, id);
      CREATE TRIGGER answer_history_no_update BEFORE UPDATE ON answer_history
        BEGIN SELECT RAISE(ABORT, 'answer history is append-only'); END;
      CREATE TRIGGER answer_history_no_delete BEFORE DELETE ON answer_history
        BEGIN SELECT RAISE(ABORT, 'answer history is append-only'); END;
    `,
  },
];
