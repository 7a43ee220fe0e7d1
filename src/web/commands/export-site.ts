import { parseArgs } from 'node:util';
import { databasePath, openDatabase } from '../../storage/database.js';
import { exportSite } from '../export-site.js';
import { UsageError, type CliIo } from '../../cli/io.js';
import { DEFAULT_QUESTIONNAIRE_DIR } from '../../cli/shared.js';

export const exportSiteUsage = `usage: policy-index export-site [--base-url URL] DIR

Writes the public site — every page, the API JSON and the CSV downloads of every published
edition — as static files into DIR, for any static web server or CDN. Paths map to files:
/countries/DE/2024 → countries/DE/2024/index.html; API paths get .json. --base-url (or
PUBLIC_URL) is the address used in permalinks and citations. The database stays the single
writer: re-export after every publication.`;

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
  const db = openDatabase(databasePath());
  try {
    const { files } = await exportSite(db, positionals[0]!, {
      questionnaireDir: values.questionnaire,
      publicUrl: values['base-url'] ?? process.env.PUBLIC_URL ?? '',
    });
    io.out(`wrote ${files} files to ${positionals[0]}`);
  } finally {
    db.close();
  }
  return 0;
}
