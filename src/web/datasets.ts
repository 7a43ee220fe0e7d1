/**
 * The downloads as the web's routers and the static export name them. What the files hold is
 * built in `src/downloads/` (the published data as files, usable without the web); this module
 * only gives the web one place to import them from.
 */
export {
  DATASET_FILES,
  datasetPath,
  editionFiles,
  scoreRows,
  scoreRowsCsv,
  type DatasetFile,
} from '../downloads/edition-files.js';
export { downloadPaths } from '../downloads/download-paths.js';
export { panelFiles } from '../downloads/panel-files.js';
export { PANEL_FILES, panelNamed, panelPath, type PanelFile } from '../downloads/panels.js';
