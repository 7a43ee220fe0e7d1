/**
 * What legal events are checked against, as stored in the database: the country list with its
 * aliases, and every edition's reference date and questions (from the edition's questionnaire
 * version, so an event of an older edition is checked against the questions it had).
 */
import { storedCountries } from '../storage/country-repository.js';
import type { Db } from '../storage/database.js';
import { listEditions } from '../storage/edition-repository.js';
import { storedQuestionnaire } from '../storage/questionnaire-repository.js';
import type { EditionFacts, EventsContext } from './check-events.js';

export function eventsContext(db: Db): EventsContext {
  const countries = storedCountries(db);
  const editions = new Map<string, EditionFacts>();
  for (const edition of listEditions(db)) {
    const questionnaire = storedQuestionnaire(db, edition.questionnaire_version_id);
    editions.set(edition.id, {
      referenceDate: edition.reference_date,
      questions: new Map(questionnaire.questions.map((q) => [q.id, q.strandId])),
    });
  }
  return {
    countries: new Set(countries.countries.map((c) => c.code)),
    aliases: countries.aliases,
    editions,
  };
}

/** The strand of each question of `edition`, as the workflow asks it (null: no such question). */
export function strandLookup(context: EventsContext, edition: string) {
  const questions = context.editions.get(edition)?.questions;
  return (id: string) => questions?.get(id) ?? null;
}
