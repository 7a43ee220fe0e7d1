/**
 * `datapackage.json` (Frictionless Data, tabular data package) describing a set of downloads:
 * every file with its size (`bytes`, as the spec names it), its SHA-256 checksum (`hash`, in the
 * spec's `sha256:{hex}` form, to check a downloaded copy by: every file's bytes depend on its
 * content only) and row count (`rows`: data rows below the header; records of a JSON file), the
 * licences (`licenses`, with the SPDX id as `name`) on the package and on each resource, and the
 * illustrative notice in the description.
 */
import { sha256 } from '../source/canonical-json.js';
import { jsonFile, type DownloadFile } from './download-file.js';
import { packageLicences, type DataTerms } from './data-terms.js';

export interface PackageMeta {
  name: string;
  title: string;
  description: string;
  version: string;
  created: string;
  sources: { title: string; path: string }[];
  terms: DataTerms;
}

/** A resource's name: the file's, without `.csv`, else with its extension after a dash. */
const resourceName = (file: string) => file.replace(/\.csv$/, '').replace(/\.(\w+)$/, '-$1');

export function dataPackageFile(meta: PackageMeta, files: readonly DownloadFile[]): DownloadFile {
  const licenses = packageLicences(meta.terms);
  const description = [
    meta.description,
    meta.terms.notice,
    meta.terms.undeclared ? 'No licence is declared for some of the data.' : null,
  ]
    .filter(Boolean)
    .join(' ');
  const value = {
    profile: 'tabular-data-package',
    name: meta.name,
    title: meta.title,
    description,
    version: meta.version,
    created: meta.created,
    illustrative: meta.terms.illustrative,
    ...(licenses.length > 0 ? { licenses } : {}),
    keywords: ['policy index', 'migration', 'integration'],
    sources: meta.sources,
    resources: files.map((file) => ({
      name: resourceName(file.name),
      path: file.name,
      description: file.description,
      bytes: file.body.length,
      hash: sha256(file.body),
      rows: file.rows,
      ...(licenses.length > 0 ? { licenses } : {}),
      ...file.resource,
    })),
  };
  return jsonFile(
    'datapackage.json',
    value,
    null,
    'Frictionless Data package: every file with its columns, size, row count and licence.',
    null,
  );
}
