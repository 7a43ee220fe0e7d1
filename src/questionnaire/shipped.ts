/**
 * The questionnaires shipped with the project: the main folder (`questionnaire/`) and every folder
 * below it holding an index.yaml (`questionnaire/generation-2020/`). A first start and
 * `db init` load them all; the methodology page shows the changelog of an edition's own folder.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The main folder first, then the folders below it with an index.yaml, in name order. */
export function shippedQuestionnaireDirs(mainDir: string): string[] {
  const below = existsSync(mainDir)
    ? readdirSync(mainDir, { withFileTypes: true })
        .filter(
          (entry) => entry.isDirectory() && existsSync(join(mainDir, entry.name, 'index.yaml')),
        )
        .map((entry) => join(mainDir, entry.name))
        .sort()
    : [];
  return [mainDir, ...below];
}

/**
 * The id and version a questionnaire folder's index.yaml declares, read without loading the
 * questionnaire (null when the folder has no readable index or it declares neither).
 */
export function questionnaireIdentity(dir: string): { id: string; version: string } | null {
  const index = join(dir, 'index.yaml');
  if (!existsSync(index)) return null;
  const text = readFileSync(index, 'utf8');
  const field = (name: string) =>
    new RegExp(`^${name}:\\s*['"]?([^'"\\s#]+)`, 'm').exec(text)?.[1] ?? null;
  const id = field('id');
  const version = field('version');
  return id && version ? { id, version } : null;
}

/** The shipped folder of questionnaire `id` (read from each index.yaml's `id:`), or null. */
export function shippedFolderOf(mainDir: string, id: string): string | null {
  return (
    shippedQuestionnaireDirs(mainDir).find((dir) => questionnaireIdentity(dir)?.id === id) ?? null
  );
}
