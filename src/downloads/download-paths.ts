/**
 * The address of every download: each published revision's files and each panel's. The static
 * export writes exactly these, fetched from the server like any page.
 */
import type { PublicData } from '../published/public-data.js';
import { datasetPath, editionFileNames } from './edition-files.js';
import { PANEL_FILES, panelPath, panels } from './panels.js';

export function downloadPaths(data: PublicData): string[] {
  const paths: string[] = [];
  for (const { id } of data.publishedEditions()) {
    for (const revision of data.edition(id)!.revisions) {
      const at = data.edition(id, revision.revision)!;
      for (const file of editionFileNames(at)) paths.push(datasetPath(at, file));
    }
  }
  for (const panel of panels(data))
    for (const file of PANEL_FILES) paths.push(panelPath(panel, file));
  return paths;
}
