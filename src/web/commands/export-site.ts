import { parseArgs } from 'node:util';
import { fileIssue } from '../../issues/issue.js';
import { databasePath, openDatabase } from '../../storage/database.js';
import { exportSite, MARKER_FILE } from '../export-site.js';
import { UsageError, type CliIo } from '../../cli/io.js';
import { DEFAULT_QUESTIONNAIRE_DIR, printIssues } from '../../cli/shared.js';

export const exportSiteUsage = `usage: policy-index export-site [--base-url URL] DIR

Writes the public site — every page, the API JSON and the CSV downloads of every published
edition — as static files into DIR, for any static web server or CDN. Paths map to files:
/countries/DE/2024 → countries/DE/2024/index.html; API paths get .json. Sorted rankings and
the changes between any two editions get their own pages; comparing chosen countries, what-if
and robustness runs with other settings show a notice linking to the live site.

--base-url (or PUBLIC_URL) is the address of the live site: used in permalinks and citations,
and linked from those notices. Without it, citations are relative.

DIR is rebuilt on every export (nothing stale stays); it must be new, empty, or an earlier
export (it holds the file ${MARKER_FILE}). The database stays the single writer:
re-export after every publication.`;

export async function exportSiteCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'base-url': { type: 'string' },
      questionnaire: { type: 'string', default: DEFAULT_QUESTIONNAIRE_DIR },
    },
  });
  if (positionals.length !== 1) throw new UsageError('name one output folder');
  const baseUrl = baseUrlOption(values['base-url'], process.env.PUBLIC_URL);
  const db = openDatabase(databasePath());
  try {
    const { files } = await exportSite(db, positionals[0]!, {
      questionnaireDir: values.questionnaire,
      publicUrl: baseUrl,
    });
    io.out(`wrote ${files} files to ${positionals[0]}`);
  } finally {
    db.close();
  }
  // After the export, so that a failure stays the one line that says why.
  if (baseUrl === '') printIssues(io, [noBaseUrl()]);
  return 0;
}

/** The live site's address: absolute http(s), without query or fragment; '' when not given. */
function baseUrlOption(option: string | undefined, env: string | undefined): string {
  const [value, name] = option !== undefined ? [option, '--base-url'] : [env ?? '', 'PUBLIC_URL'];
  if (value === '') return '';
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    // not a URL: refused below
  }
  if (url === null || !/^https?:$/.test(url.protocol) || url.search !== '' || url.hash !== '')
    throw new UsageError(
      `${name} must be an absolute http or https address such as https://index.example, not "${value}"`,
    );
  return value.replace(/\/+$/, '');
}

/** Without the live site's address, the export works but cannot cite or link to it. */
function noBaseUrl() {
  return fileIssue(
    null,
    'no-base-url',
    'no --base-url and no PUBLIC_URL: citations and permalinks in the export are relative ' +
      '(/countries/DE/2024), so a copied citation names no site, and pages that need the ' +
      'server cannot link to the live site; export again with --base-url https://your.site',
    'warning',
  );
}
