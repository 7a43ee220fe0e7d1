/**
 * A panel's files are made once for its editions at their revisions and its address: the
 * downloads page and each of the five files ask for all of them (the data package names every
 * file's checksum), and the workbook alone takes a few hundred milliseconds to make.
 */
import { describe, expect, it } from 'vitest';
import { panelFiles } from '../../src/downloads/panel-files.js';
import { panels } from '../../src/downloads/panels.js';
import { PublicData } from '../../src/published/public-data.js';
import { sampleDatabase } from '../storage/helpers.js';

describe("a panel's files", () => {
  it('are made once for the same editions and address, and again for another address', async () => {
    const data = new PublicData(sampleDatabase());
    const [panel] = panels(data);
    const first = panelFiles(panel!, 'https://example.org');
    // Asked for again, from a panel built anew from the same data: the same files.
    expect(panelFiles(panels(data)[0]!, 'https://example.org')).toBe(first);
    const elsewhere = panelFiles(panel!, 'https://mirror.example.net');
    expect(elsewhere).not.toBe(first);
    const packageText = async (files: typeof first) =>
      (await files).find((file) => file.name === 'datapackage.json')!.body.toString();
    expect(await packageText(first)).toContain('https://example.org/downloads/2024/r1/');
    expect(await packageText(elsewhere)).toContain('https://mirror.example.net/downloads/2024/r1/');
  });

  it('are not shared between two databases whose editions have the same revisions', async () => {
    const a = new PublicData(sampleDatabase());
    const b = new PublicData(sampleDatabase());
    const fromA = panelFiles(panels(a)[0]!, 'https://example.org');
    const fromB = panelFiles(panels(b)[0]!, 'https://example.org');
    expect(fromB).not.toBe(fromA);
    // Each made from its own database.
    expect((await fromA).map((file) => file.name)).toEqual((await fromB).map((file) => file.name));
  });
});
