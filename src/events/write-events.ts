/**
 * Writes legal events as a YAML file in the layout `import-events` reads: `events:` in date then
 * id order, each with only the fields it has, and its status. Importing the result again changes
 * nothing.
 */
import { Document } from 'yaml';
import { rawEventOf } from './load-events.js';
import type { EventStatus, LegalEvent } from './types.js';

export interface EventsYamlOptions {
  /** Path or address of the legal-events JSON Schema, for the editor header. */
  schemaPath?: string;
  /** Comment lines written at the top of the file. */
  header?: string[];
}

export function eventsToYaml(
  events: readonly { event: LegalEvent; status: EventStatus }[],
  options: EventsYamlOptions = {},
): string {
  const sorted = [...events].sort(
    (a, b) => a.event.date.localeCompare(b.event.date) || a.event.id.localeCompare(b.event.id),
  );
  const doc = new Document({ events: sorted.map((e) => rawEventOf(e.event, e.status)) });
  const comments = [
    ...(options.schemaPath ? [` yaml-language-server: $schema=${options.schemaPath}`] : []),
    ...(options.header ?? []).map((line) => ` ${line}`),
  ];
  if (comments.length > 0) doc.commentBefore = comments.join('\n');
  return doc.toString({ lineWidth: 100 });
}
