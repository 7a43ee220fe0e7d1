/**
 * Legal events in the workspace: the list, adding one, reading, editing, submitting and
 * reviewing it. Whether the user may is decided by the sheets' workflow for every country the
 * event touches (`events/event-workflow.ts`); a refusal is 403 (not yours, not your strand, not
 * your role) or 409 (not in this status), and stores nothing. A form with problems comes back
 * (422) with what was typed and a message at each field; a save based on a stale revision comes
 * back (409) with the form and who changed the event meanwhile.
 */
import { Router, type Response } from 'express';
import { eventsContext, strandLookup } from '../../events/events-context.js';
import {
  fieldErrors,
  formSource,
  formValues,
  rawOfForm,
  valuesOfEvent,
  type EventFormValues,
} from '../../events/event-form.js';
import {
  eventDecision,
  eventFormView,
  eventListView,
  eventPageView,
  mayAddEvents,
  type Viewer,
} from '../../events/event-pages.js';
import { decideEvent, type EventAction } from '../../events/event-workflow.js';
import { validateEventValue } from '../../events/load-events.js';
import type { EventStatus, LegalEvent } from '../../events/types.js';
import { badParameter, FormError, HttpError, notFound } from '../../http/http-error.js';
import { editionParam, formText } from '../../http/params.js';
import { ID_PATTERN } from '../../questionnaire/raw-schema.js';
import type { Db } from '../../storage/database.js';
import {
  getLegalEvent,
  LegalEventConflictError,
  saveLegalEvent,
  type EventChange,
  type StoredLegalEvent,
} from '../../storage/legal-event-repository.js';
import { whenWritable } from '../../storage/write-retry.js';
import { formOf, revisionField } from '../request-body.js';
import { actorOf, ws } from '../sheet-context.js';
import type { Decision } from '../workflow.js';

const MAX_REASON = 5000;
const EVENT_ID = new RegExp(ID_PATTERN);

export function eventRoutes(db: Db): Router {
  const router = Router();
  const viewerOf = (res: Response): Viewer => ({
    actor: actorOf(res),
    grants: ws(res).assignments,
  });

  router.get('/workspace/events', (req, res) => {
    const edition =
      typeof req.query.edition === 'string' && req.query.edition !== ''
        ? editionParam(req.query.edition, 'edition')
        : undefined;
    res.render('workspace/events', eventListView(db, viewerOf(res), eventsContext(db), edition));
  });

  router.get('/workspace/events/new', (_req, res) => {
    if (!mayAddEvents(viewerOf(res)))
      throw new HttpError(403, 'forbidden', 'only experts and coordinators add legal events');
    res.render('workspace/event-form', eventFormView(db, { mode: 'new', values: {} }));
  });

  router.post('/workspace/events', async (req, res) => {
    const values = formValues(formOf(req));
    const context = eventsContext(db);
    const checked = validateEventValue(rawOfForm(values, false), formSource(null), context);
    if (!checked.event)
      throw FormError.refusing(
        422,
        checked.issues,
        'workspace/event-form',
        eventFormView(db, { mode: 'new', values, errors: fieldErrors(checked.issues) }),
      );
    const event = checked.event;
    const { actor, grants } = viewerOf(res);
    const decision = allowed(
      decideEvent(actor, grants, 'add', {
        event,
        status: 'not-started',
        strandOf: strandLookup(context, event.edition),
      }),
    );
    try {
      await save(db, res, event, decision, null, 'created');
    } catch (error) {
      if (!(error instanceof LegalEventConflictError)) throw error;
      throw FormError.of(
        error,
        'workspace/event-form',
        eventFormView(db, {
          mode: 'new',
          values,
          errors: new Map([['id', ['an event with this id exists already: choose another id']]]),
        }),
      );
    }
    res.redirect(303, `/workspace/events/${event.id}`);
  });

  router.get('/workspace/events/:id', (req, res) => {
    const stored = storedEvent(db, req.params.id);
    const context = eventsContext(db);
    allowed(eventDecision(viewerOf(res), context, 'read', stored));
    res.render('workspace/event', eventPageView(db, viewerOf(res), context, stored));
  });

  router.get('/workspace/events/:id/edit', (req, res) => {
    const stored = storedEvent(db, req.params.id);
    allowed(eventDecision(viewerOf(res), eventsContext(db), 'edit', stored));
    res.render(
      'workspace/event-form',
      eventFormView(db, {
        mode: 'edit',
        values: valuesOfEvent(stored.event),
        baseRevision: stored.revision,
      }),
    );
  });

  router.post('/workspace/events/:id', async (req, res) => {
    const stored = storedEvent(db, req.params.id);
    const context = eventsContext(db);
    const viewer = viewerOf(res);
    // Allowed on the event as it is, and (below) on what it would become.
    allowed(eventDecision(viewer, context, 'edit', stored));
    const body = formOf(req);
    const baseRevision = revisionField(body, 'the page was loaded at');
    // Id and edition are fixed: an event stays in its edition.
    const values: EventFormValues = {
      ...formValues(body),
      id: stored.event.id,
      edition: stored.event.edition,
    };
    const checked = validateEventValue(
      rawOfForm(values, stored.event.illustrative),
      formSource(null),
      context,
    );
    if (!checked.event)
      throw FormError.refusing(
        422,
        checked.issues,
        'workspace/event-form',
        eventFormView(db, {
          mode: 'edit',
          values,
          baseRevision,
          errors: fieldErrors(checked.issues),
        }),
      );
    const event = checked.event;
    const decision = allowed(
      decideEvent(viewer.actor, viewer.grants, 'edit', {
        event,
        status: stored.status,
        strandOf: strandLookup(context, event.edition),
      }),
    );
    try {
      await save(db, res, event, decision, baseRevision, 'edited');
    } catch (error) {
      if (!(error instanceof LegalEventConflictError)) throw error;
      const current = getLegalEvent(db, stored.event.id)!;
      throw FormError.of(
        error,
        'workspace/event-form',
        eventFormView(db, {
          mode: 'edit',
          values,
          baseRevision: current.revision,
          conflict: error.summary,
        }),
      );
    }
    res.redirect(303, `/workspace/events/${event.id}`);
  });

  router.post('/workspace/events/:id/submit', async (req, res) => {
    const stored = storedEvent(db, req.params.id);
    const decision = allowed(eventDecision(viewerOf(res), eventsContext(db), 'submit', stored));
    await save(db, res, stored.event, decision, stored.revision, 'submitted');
    res.redirect(303, `/workspace/events/${stored.event.id}`);
  });

  router.post('/workspace/events/:id/review', async (req, res) => {
    const stored = storedEvent(db, req.params.id);
    const body = formOf(req);
    const action = body.action;
    if (action !== 'approve' && action !== 'request-changes')
      throw badParameter('action', 'must be approve or request-changes');
    const decision = allowed(
      eventDecision(viewerOf(res), eventsContext(db), action as EventAction, stored),
    );
    const reason = formText(body, 'reason');
    if (action === 'request-changes' && reason === '')
      throw badParameter('reason', 'must say what should change (it is kept in the history)');
    if (reason.length > MAX_REASON)
      throw badParameter('reason', `must have at most ${MAX_REASON} characters`);
    // A decision is about the revision the reviewer saw.
    if (
      body.base_revision !== undefined &&
      revisionField(body, 'the page was loaded at') !== stored.revision
    )
      throw new HttpError(
        409,
        'event-changed',
        `the event changed since the page was loaded (now revision ${stored.revision}, by ${stored.updatedBy}): reload it and decide again`,
      );
    await save(
      db,
      res,
      stored.event,
      decision,
      stored.revision,
      action === 'approve' ? 'approved' : 'changes-requested',
      reason || null,
    );
    res.redirect(303, `/workspace/events/${stored.event.id}`);
  });

  return router;
}

/** The stored event named by the path; 404 for a malformed or unknown id. */
function storedEvent(db: Db, id: string | string[] | undefined): StoredLegalEvent {
  const text = typeof id === 'string' ? id : '';
  const stored = EVENT_ID.test(text) ? getLegalEvent(db, text) : null;
  if (!stored) throw notFound(`legal event "${text.slice(0, 100)}"`);
  return stored;
}

/** A refusal of the workflow as 403 or 409 (the wording of sheet-context's `authorize`). */
function allowed(decision: Decision): Extract<Decision, { allowed: true }> {
  if (decision.allowed) return decision;
  throw new HttpError(
    decision.reason === 'wrong-status' ? 409 : 403,
    decision.reason === 'wrong-status' ? 'not-allowed-now' : 'forbidden',
    decision.message,
  );
}

function save(
  db: Db,
  res: Response,
  event: LegalEvent,
  decision: Extract<Decision, { allowed: true }>,
  baseRevision: number | null,
  change: EventChange,
  reason: string | null = null,
) {
  const status = (decision.status === 'not-started' ? 'draft' : decision.status) as EventStatus;
  return whenWritable(db, () =>
    saveLegalEvent(db, {
      event,
      status,
      baseRevision,
      user: ws(res).user.email,
      change: decision.correction ? 'edited' : change,
      reason: decision.correction ? `correction${reason ? `: ${reason}` : ''}` : reason,
    }),
  );
}
