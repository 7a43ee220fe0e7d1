/**
 * Where carrying forward copies answers from, in one place for the route that copies them and
 * the sheet page that offers it only while it can fill something.
 */
import type { Response } from 'express';
import type { AnswerEntry } from '../answers/types.js';
import type { Db } from '../storage/database.js';
import { getSnapshot } from '../storage/snapshot-repository.js';
import { loadSheet, mayTake } from './sheet-context.js';

/**
 * The answers of `country` in edition `from`: its latest published revision when there is one
 * (public anyway), otherwise the working sheet, which only a user who may read it may copy.
 * Null when there is nothing this user may copy.
 */
export function carrySource(
  db: Db,
  res: Response,
  country: string,
  from: string,
): ReadonlyMap<string, AnswerEntry> | null {
  const published = getSnapshot(db, from)?.sheets.find((s) => s.country === country);
  if (published) return new Map(Object.entries(published.answers));
  const context = loadSheet(db, country, from);
  if (!mayTake(res, context, 'read').allowed) return null;
  return context.stored?.sheet.answers ?? null;
}
