/**
 * Importing legal-event files into the database: every event of every file, or none. All files
 * are validated first (schema and semantic checks against the stored countries, editions and
 * questionnaires); any error means nothing is stored. Then one write transaction saves every
 * event, each change recorded in the event's history.
 *
 * Status: the file's `status` (default: the stored event's status, or draft for a new event).
 * `published` is kept only for an event stored as published with the same content; a new or
 * changed event marked published is stored as approved: only a publication makes it public.
 */
import { fileIssue, hasErrors, InputError, type Issue } from '../issues/issue.js';
import { canonicalJson } from '../source/canonical-json.js';
import { inWriteTransaction, type Db } from '../storage/database.js';
import {
  getLegalEvent,
  saveLegalEventInTransaction,
  type StoredLegalEvent,
} from '../storage/legal-event-repository.js';
import { OPERATOR } from '../workspace/workflow.js';
import { decideEvent } from './event-workflow.js';
import { eventsContext, strandLookup } from './events-context.js';
import { loadEventFiles, type EventInput } from './load-events.js';
import type { EventStatus } from './types.js';

export interface EventImportResult {
  issues: Issue[];
  /** Events in the files (0 when there was an error). */
  imported: number;
  /** Events created or changed. */
  changed: number;
}

export function importLegalEventFiles(
  db: Db,
  files: readonly string[],
  options: { user: string; reason?: string },
): EventImportResult {
  const context = eventsContext(db);
  const loaded = loadEventFiles(files, context);
  if (hasErrors(loaded.issues)) return { issues: loaded.issues, imported: 0, changed: 0 };
  const refused: Issue[] = [];
  for (const input of loaded.events) {
    const stored = getLegalEvent(db, input.event.id);
    const decision = decideEvent(OPERATOR, [], 'import', {
      event: input.event,
      status: stored?.status ?? 'not-started',
      strandOf: strandLookup(context, input.event.edition),
    });
    if (!decision.allowed)
      refused.push(fileIssue(null, 'not-allowed', `${input.event.id}: ${decision.message}`));
  }
  if (refused.length > 0)
    return { issues: [...loaded.issues, ...refused], imported: 0, changed: 0 };
  try {
    const changed = inWriteTransaction(db, () => {
      let count = 0;
      for (const input of loaded.events) {
        const stored = getLegalEvent(db, input.event.id);
        const result = saveLegalEventInTransaction(db, {
          event: input.event,
          status: importedStatus(input, stored),
          baseRevision: stored?.revision ?? null,
          user: options.user,
          change: 'imported',
          reason: options.reason ?? null,
        });
        if (result.changed) count++;
      }
      return count;
    });
    return { issues: loaded.issues, imported: loaded.events.length, changed };
  } catch (error) {
    if (error instanceof InputError)
      return { issues: [...loaded.issues, ...error.issues], imported: 0, changed: 0 };
    throw error;
  }
}

function importedStatus(input: EventInput, stored: StoredLegalEvent | null): EventStatus {
  const wanted = input.status ?? stored?.status ?? 'draft';
  if (wanted !== 'published') return wanted;
  const unchanged =
    stored !== null &&
    stored.status === 'published' &&
    canonicalJson(stored.event) === canonicalJson(input.event);
  return unchanged ? 'published' : 'approved';
}
