/**
 * Finds the crosswalk file joining two questionnaires by their ids: a `*.yaml` file in a
 * `crosswalks/` folder beside or inside either questionnaire's folder (the shipped ones are in
 * `questionnaire/crosswalks/`) whose `from.id` and `to.id` are the two ids.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileIssue, type Issue } from '../issues/issue.js';
import { isYamlSource, readYamlFile } from '../source/read-file.js';

export const CROSSWALKS_DIR = 'crosswalks';

/** Folders searched, in order, for the crosswalk between questionnaires in these folders. */
export function crosswalkFolders(...questionnaireDirs: string[]): string[] {
  const folders = questionnaireDirs.flatMap((dir) => [
    join(dir, CROSSWALKS_DIR),
    join(dirname(resolve(dir)), CROSSWALKS_DIR),
  ]);
  return [...new Set(folders.map((folder) => resolve(folder)))].filter(
    (folder) => existsSync(folder) && statSync(folder).isDirectory(),
  );
}

export function findCrosswalk(
  folders: readonly string[],
  fromId: string,
  toId: string,
): { file: string } | { issues: Issue[] } {
  for (const folder of folders) {
    for (const name of readdirSync(folder).sort()) {
      if (!/\.ya?ml$/.test(name)) continue;
      const file = join(folder, name);
      const source = readYamlFile(file);
      if (!isYamlSource(source)) continue;
      const value = source.value as { from?: { id?: unknown }; to?: { id?: unknown } } | null;
      if (value?.from?.id === fromId && value.to?.id === toId) return { file };
    }
  }
  return {
    issues: [
      fileIssue(
        null,
        'crosswalk-not-found',
        `no crosswalk from "${fromId}" to "${toId}" in ${folders.length > 0 ? folders.join(', ') : 'any crosswalks/ folder'}; give one with --map FILE`,
      ),
    ],
  };
}
