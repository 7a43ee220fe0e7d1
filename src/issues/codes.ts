/**
 * Every problem code the project emits, once, with what it means. The codes are a contract:
 * tools, CI annotators and tests match on them (never on the wording of a message), so a code
 * is added here, documented in `questionnaire/README.md` (section "Problem codes"), and never
 * renamed. `tests/cli/issue-codes.test.ts` holds the three together: a code emitted in `src/`
 * that is missing here, a code here that nothing emits, and a code here that the README does
 * not list (or the other way round) each fail it.
 *
 * Codes are kebab-case with at least one hyphen, so that they can be told apart from other
 * words in the sources.
 */
export const ISSUE_CODES = {
  // Reading any file or upload
  'file-not-found': 'the file or folder does not exist (or a folder was given for a file)',
  'not-a-regular-file': 'a device, pipe or socket, or a link to one: never read',
  'file-too-large': 'the file is larger than the limit for its kind',
  'invalid-utf8': 'the file is not UTF-8 (at the first bad byte)',
  'no-sheet-files': 'a folder of answer sheets named on the command line holds none',

  // Stage 1: YAML and JSON Schema (questionnaire, countries, sheets, legal events)
  'yaml-syntax': 'the YAML cannot be parsed',
  'duplicate-key': 'a mapping has the same key twice',
  'too-many-keys': 'a mapping has more keys than allowed',
  'missing-field': 'a required field is missing',
  'unknown-field': 'a field the format does not have',
  'wrong-type': 'a value of the wrong type',
  'invalid-value': 'a value that is not one of those allowed',
  'invalid-format': 'a value not in the required format (date, URL, id)',
  'out-of-range': 'a number outside its allowed range',
  'too-short': 'a text or list shorter than required',
  'schema-violation': 'any other rule of the JSON Schema',
  'strand-outside-folder': 'a strand file listed outside the folder of the index file',

  // Stage 2: the questionnaire's meaning
  'duplicate-id': 'an id used twice',
  'reserved-id': 'an id the engine reserves',
  'duplicate-code': 'an external code used twice',
  'duplicate-strand-file': 'a strand file listed twice',
  'invalid-node-kind': 'a node of a kind not allowed at its level',
  'unknown-option-set': 'a reference to an option list that does not exist',
  'too-few-options': 'a question with fewer than two options',
  'duplicate-option-id': 'two options of a question with the same id',
  'option-score-out-of-range': 'an option score outside 0–100',
  'invalid-weight': 'a weight that is not a number greater than 0',
  'ref-outside-cross-cutting': 'a reference outside a cross-cutting strand',
  'unknown-ref': 'a reference to a node that does not exist',
  'invalid-ref-target': 'a reference to a node that cannot be referenced',
  'ref-cycle': 'references that lead back to themselves',
  'expression-syntax': 'a skip-logic expression that does not parse',
  'expression-forbidden': 'a skip-logic expression using something not allowed',
  'expression-unknown-question': 'a skip-logic expression naming an unknown question',
  'expression-unknown-option': 'a skip-logic expression naming an unknown option',
  'expression-type': 'a skip-logic expression that is not a yes/no condition',
  'applies-if-cycle': 'skip logic that depends on itself',
  'bands-gap': 'score bands that leave a gap',
  'bands-overlap': 'score bands that overlap',
  'bands-range': 'score bands that do not cover 0–100',
  'invalid-source-age': 'an evidence rule with an impossible source age',
  'table-rule-mismatch': 'a table without aggregation: table, or the other way round',
  'invalid-table-item': 'an item of a table rule that is not a question',
  'table-item-weight': 'a weight on an item of a table rule',
  'table-ambiguous-item-scores': "two options of a table rule's item with the same score",
  'invalid-table-row': 'a table row that is neither when + points nor otherwise alone',
  'table-otherwise-not-last': 'otherwise in a table row other than the last',
  'table-unknown-item': 'a table condition naming something that is not an item of the composite',
  'table-unknown-option': 'a table condition naming an option the item does not have',
  'table-points-out-of-range': 'table points outside 0–100',
  'table-incomplete': 'a combination of answers no table row covers',
  'table-too-large': 'a table over too many combinations of answers',
  'table-row-unreachable': 'a table row that earlier rows shadow completely (warning)',
  'facet-not-on-indicator': 'facet on a strand, dimension or item (indicators only)',
  'undeclared-facets': 'readings or an indicator facet in a strand that declares no facets',
  'unknown-facet': "an indicator's facet that its strand does not declare",
  'duplicate-facet-id': 'a facet declared twice in a strand',
  'duplicate-reading-id': 'a reading declared twice in a strand, or with the id of a node',
  'reading-unknown-facet': 'a reading naming a facet its strand does not declare',
  'reading-without-indicators': 'a reading whose facets no indicator of the strand carries',

  // Crosswalks between two questionnaires (questionnaire/crosswalks/)
  'crosswalk-questionnaire-mismatch':
    "a crosswalk's from/to id or version is not the questionnaire given",
  'crosswalk-unknown-strand': 'a strand pair naming a strand the questionnaire does not have',
  'crosswalk-unknown-question': 'a question name that is neither id nor code on its side',
  'crosswalk-unknown-option': 'an option the question does not have, on either side',
  'crosswalk-invalid-entry':
    'an entry that is not carry, merge or no-counterpart as the format says',
  'crosswalk-target-twice': 'a target question mapped by two entries',
  'crosswalk-target-missing': 'a target question no entry lists (map it or say why not)',
  'crosswalk-combination-uncovered': 'a source answer or combination of answers given no target',
  'crosswalk-not-found': 'no crosswalk file joins the two questionnaires',

  // Countries
  'duplicate-country': 'a country listed twice',
  'unknown-country': 'a country code that is not in countries.yaml',

  // Answer sheets
  'unknown-question': 'an answer to a question the questionnaire lacks',
  'unknown-option': 'an answer that is not an option of its question',
  'questionnaire-mismatch': 'a sheet for another questionnaire or version',
  'answer-where-skipped': 'an answer to a question its skip logic skips',
  'missing-answer': 'a question that is asked but not answered',
  'not-applicable-not-allowed': 'not_applicable on a question that does not allow it',
  'no-data': 'an answer marked no_data (warning)',
  'as-coded-not-approved': 'as_coded: true on a sheet that is not approved or published',
  'duplicate-sheet': 'a second sheet for the same country, edition and coder',
  'sheet-path-mismatch': 'a file whose name or folder says another country, edition or coder',
  'reserved-coder-key': 'a coder file named {country}.official.yaml',
  'invalid-date': 'a date that does not exist',
  'source-required': 'an answer without the legal source the questionnaire requires',
  'in-force-after-reference-date': '"in force since" after the edition\'s reference date',
  'source-outdated': 'a source older than the questionnaire allows (warning)',
  'worker-failed': 'a worker thread stopped, so some files were not checked',

  // import-scores
  'csv-syntax': 'the CSV cannot be parsed',
  'csv-header': 'the CSV lacks a required column',
  'invalid-edition': 'an edition id that breaks the edition rule',
  'unknown-code': "a code that is no question's code",
  'invalid-score': 'a score that is not a number',
  'no-matching-option': 'a score that no option of the question has',
  'ambiguous-score': 'a score that several options of the question have',
  'duplicate-row': 'the same country, edition and code twice',

  // Legal events
  'invalid-ecli': 'an ECLI not written ECLI:{country}:{court}:{year}:{number}',
  'invalid-eli': 'an ELI that is not an absolute URI',
  'unknown-edition': 'an edition the database does not have (or has not published)',
  'event-after-reference-date': "an event after the edition's reference date",
  'ecli-country-mismatch': "an ECLI whose country is none of the event's countries",
  'field-not-for-kind': 'a field that does not belong to the kind of event',
  'in-force-before-date': 'legislation in force before it was adopted (warning)',
  'event-edition-changed': 'an imported event that moves to another edition',
  'event-conflict': 'a change based on a revision of the event that is no longer the current one',
  'event-exists': 'a new event with the id of one that exists',
  'not-allowed': 'the workflow does not allow this action to this user',

  // The database: imports, coders, publishing
  'no-questionnaire': 'the database holds no questionnaire yet',
  'database-not-empty': 'db init on a database that holds questionnaires or editions',
  'questionnaire-not-loaded': 'a sheet coded with a questionnaire the database does not hold',
  'instruments-differ': 'a comparison of editions coded with different questionnaires',
  'too-few-coders': 'agreement or reconcile with fewer than two coders',
  'duplicate-coder': 'two sheets by the same coder',
  'invalid-answer': 'an answer that is neither an option of its question nor a missing value',
  'invalid-choice': 'a reconcile choice that is not an answer the question allows',
  'unknown-coder': 'a reconcile choice naming a coder without a sheet',
  'unresolved-disagreement': 'a disagreement between coders without a reconcile choice',
  'no-sheet': 'a country without a sheet (official, or by the coder named) in the edition',
  'not-allowed-now': 'the sheet workflow does not allow this action in the sheet’s status',
  'nothing-to-publish': 'an edition without approved sheets (or with no country left)',
  'nothing-changed': 'a correction that would publish exactly the current revision',
  'correction-note-required': 'a correction published without --note',
  'edition-incomplete': 'an edition lacking countries it is expected to have',
  'completeness-conflict': 'both --partial and --complete-because',
  'not-withdrawable': 'a withdrawal of a country that is not carried from the current revision',
  'confirmation-required': 'publishing from the workspace without confirming the preview',
  'edition-changed': 'the edition changed since its preview',
  'user-exists': 'an account with that e-mail address exists already',
  'unknown-account': 'no active workspace account with that e-mail address (approve --by)',
  'sheet-conflict': 'a save based on a revision of the sheet that is no longer the current one',
  'edition-conflict': 'an edition an import creates, created by someone else while it ran',
  'editorial-conflict':
    "a save of the editors' text based on a revision that is no longer the current one",
  'too-long':
    'a text or list longer than allowed (a comment, a legal source, the sources of an answer, an editorial finding or recommendation)',

  // export-site
  'nothing-published': 'no edition is published yet: nothing to export',
  'not-an-export-folder': 'a folder that is not empty and not an earlier export',
  'no-base-url': 'an export without --base-url: citations are relative (warning)',

  // Any refusal
  'unexplained-refusal':
    'input refused without a named problem (stands in for one: report it as a bug)',

  // Workspace uploads
  'wrong-sheet': 'an uploaded sheet for another country or edition',
  'out-of-scope': 'an upload that changes questions outside the uploader’s strands',
} as const satisfies Record<string, string>;

/** A problem code the project emits; see {@link ISSUE_CODES}. */
export type IssueCode = keyof typeof ISSUE_CODES;

export function isIssueCode(code: string): code is IssueCode {
  return Object.hasOwn(ISSUE_CODES, code);
}
