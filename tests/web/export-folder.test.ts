/**
 * The export folder is replaced only by a complete export, and only if it is one: what a
 * crashed or failed export leaves, and what a folder that is not an export holds, are decided
 * here without rendering a site.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/issues/issue.js';
import { MARKER_FILE, openExportFolder } from '../../src/web/export/export-folder.js';
import { exportSite } from '../../src/web/export-site.js';
import { emptyDatabase, temporaryDirPerTest } from '../storage/helpers.js';

const tempDir = temporaryDirPerTest('export-folder-');

function write(root: string, file: string, text: string) {
  mkdirSync(join(root, file, '..'), { recursive: true });
  writeFileSync(join(root, file), text);
}

describe('openExportFolder', () => {
  it('creates a missing folder, marks it, and a commit puts exactly the new files in it', () => {
    const out = join(tempDir(), 'site');
    const folder = openExportFolder(out);
    expect(readdirSync(out).sort()).toEqual(
      [MARKER_FILE, folder.staging.slice(out.length + 1)].sort(),
    );
    write(folder.staging, 'countries/DE/index.html', 'new\n');
    folder.commit();
    expect(readdirSync(out).sort()).toEqual([MARKER_FILE, 'countries'].sort());
    expect(readFileSync(join(out, 'countries/DE/index.html'), 'utf8')).toBe('new\n');
  });

  it('a failed export (discard) leaves the previous export whole', () => {
    const out = tempDir();
    const first = openExportFolder(out);
    write(first.staging, 'index.html', 'first\n');
    first.commit();
    const second = openExportFolder(out);
    write(second.staging, 'index.html', 'half-done\n');
    second.discard();
    expect(readdirSync(out).sort()).toEqual([MARKER_FILE, 'index.html'].sort());
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('first\n');
  });

  it('what a crashed export left (its staging folder, stray files) goes with the next commit', () => {
    const out = tempDir();
    const crashed = openExportFolder(out);
    write(crashed.staging, 'index.html', 'never committed\n');
    write(out, 'stray/old.html', 'old\n');
    const next = openExportFolder(out);
    write(next.staging, 'index.html', 'next\n');
    next.commit();
    expect(readdirSync(out).sort()).toEqual([MARKER_FILE, 'index.html'].sort());
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('next\n');
  });

  it('refuses a non-empty folder without the marker and writes nothing into it', () => {
    const out = tempDir();
    write(out, 'thesis.tex', 'keep\n');
    const error = (() => {
      try {
        openExportFolder(out);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues[0]).toMatchObject({
      code: 'not-an-export-folder',
      file: out,
      line: null,
    });
    expect(readdirSync(out)).toEqual(['thesis.tex']);
  });

  it('a file where the folder should be is the system error it is (EEXIST)', () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'x\n');
    expect(() => openExportFolder(file)).toThrow(expect.objectContaining({ code: 'EEXIST' }));
  });
});

describe('exportSite', () => {
  it('with nothing published: nothing-published, and no folder is made', async () => {
    const out = join(tempDir(), 'site');
    const error = await exportSite(emptyDatabase(), out).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('nothing-published');
    expect(existsSync(out)).toBe(false);
  });
});
