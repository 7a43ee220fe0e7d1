/**
 * Input files are read only when they are what they claim to be: regular files (checked before
 * reading, and on the opened descriptor), within the size limit, in UTF-8, and — for strand
 * files — inside the questionnaire's folder. A `.yaml` link to /dev/zero used to make
 * `import-sheets` run out of memory.
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/database.js';
import { readFileBytes } from '../../src/source/read-file.js';
import { decodeUtf8, firstInvalidUtf8 } from '../../src/source/utf8.js';
import { MAX_YAML_BYTES } from '../../src/source/yaml-source.js';
import { cli, useWorkingDatabase } from '../helpers/cli.js';
import { fixturePath, ROOT_DIR } from '../helpers/fixtures.js';
import { temporaryDir } from '../storage/helpers.js';

const TINY = fixturePath('questionnaires', 'tiny');
const SHEETS = fixturePath('sheets', 'tiny');

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = temporaryDir('cli-source-files-')));
afterAll(() => cleanup());

/** A copy of the tiny sheets in a new folder, to add hostile entries to. */
function sheetsFolder(name: string): string {
  const folder = join(dir, name);
  cpSync(SHEETS, folder, { recursive: true });
  return folder;
}

const hasMkfifo = (() => {
  try {
    execFileSync('which', ['mkfifo'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('files that are not regular files', () => {
  it('validate refuses a .yaml link to /dev/zero without reading it', () => {
    const folder = sheetsFolder('zero');
    symlinkSync('/dev/zero', join(folder, '2024', 'FR.yaml'));
    const { code, err } = cli('validate', '--questionnaire', TINY, folder);
    expect(code).toBe(1);
    expect(err).toContain(`${join(folder, '2024', 'FR.yaml')}: error[not-a-regular-file]`);
    expect(err).toMatch(/3 valid sheets; 1 error/);
  });

  it.runIf(hasMkfifo)('validate does not wait on a FIFO named like a sheet', () => {
    const folder = sheetsFolder('fifo');
    execFileSync('mkfifo', [join(folder, '2024', 'FR.yaml')]);
    const { code, err } = cli('validate', '--questionnaire', TINY, folder);
    expect(code).toBe(1);
    expect(err).toContain('error[not-a-regular-file]');
  });

  it('a link to a regular file is read; a link to a folder is not walked (no loops)', () => {
    const folder = sheetsFolder('links');
    symlinkSync(join(SHEETS, '2024', 'DE.yaml'), join(folder, 'DE-link.yaml'));
    symlinkSync(folder, join(folder, 'loop'));
    const { code, err } = cli('validate', '--questionnaire', TINY, folder);
    expect(err).toMatch(/error\[duplicate-sheet\]/); // DE 2024 twice: the link was read
    expect(err).toMatch(/3 valid sheets; 1 error/); // and the loop was not followed
    expect(code).toBe(1);
  });

  it('a file over the limit is refused before it is read', () => {
    const big = join(dir, 'big.yaml');
    writeFileSync(big, '');
    truncateSync(big, MAX_YAML_BYTES + 1);
    const { code, err } = cli('validate', '--questionnaire', TINY, big);
    expect(code).toBe(1);
    expect(err).toContain(`${big}: error[file-too-large]`);
    expect(readFileBytes(big, 10)).toEqual({
      issues: [expect.objectContaining({ code: 'file-too-large' })],
    });
  });

  it('a file is read whole, byte for byte, whatever its size', () => {
    for (const size of [0, 1, 4095, 4096, 4097, 65_537, 300_000]) {
      const file = join(dir, `size-${size}.bin`);
      const bytes = Buffer.from(Array.from({ length: size }, (_, i) => (i * 7 + 3) % 256));
      writeFileSync(file, bytes);
      expect(readFileBytes(file, size), `${size} bytes`).toEqual({ bytes });
      expect(readFileBytes(file, size + 1), `${size} bytes`).toEqual({ bytes });
    }
  });

  // A file longer than `fstat` said when it was opened: the reading goes on past that size,
  // and stops at the limit. A /proc file is a regular file of size 0 with content.
  it.runIf(existsSync('/proc/self/status'))(
    'a file that is longer than its size said is read to its end, or refused past the limit',
    () => {
      const read = readFileBytes('/proc/self/status', 1 << 20);
      expect('bytes' in read && read.bytes.toString('utf8')).toMatch(/^Name:.*\n[^]*VmRSS/);
      expect(readFileBytes('/proc/self/status', 16)).toEqual({
        issues: [expect.objectContaining({ code: 'file-too-large' })],
      });
    },
  );

  describe('import-sheets', () => {
    let restore: () => void;
    beforeAll(() => {
      restore = useWorkingDatabase(join(dir, 'index.sqlite'), { firstStart: true });
    });
    afterAll(() => restore());

    it('refuses a folder holding a .yaml link to /dev/zero, and stores nothing', () => {
      const folder = join(dir, 'import-zero', '2031');
      mkdirSync(folder, { recursive: true });
      writeFileSync(
        join(folder, 'AT.yaml'),
        readFileSync(join(ROOT_DIR, 'scores', '2024', 'AT.yaml'), 'utf8').replace(
          'edition: "2024"',
          'edition: "2031"',
        ),
      );
      symlinkSync('/dev/zero', join(folder, 'DE.yaml'));
      const { code, err } = cli('import-sheets', join(dir, 'import-zero'));
      expect(code).toBe(1);
      expect(err).toContain(`${join(folder, 'DE.yaml')}: error[not-a-regular-file]`);
      expect(err).toMatch(/nothing was stored/);
      const db = openDatabase(process.env.POLICY_INDEX_DB!);
      try {
        expect(db.prepare("SELECT COUNT(*) AS n FROM editions WHERE id = '2031'").get()).toEqual({
          n: 0,
        });
      } finally {
        db.close();
      }
    });
  });
});

describe('invalid UTF-8', () => {
  it('is refused at the line and column of the first bad byte', () => {
    const file = join(dir, 'latin1', '2024', 'DE.yaml');
    mkdirSync(join(dir, 'latin1', '2024'), { recursive: true });
    const text = readFileSync(join(SHEETS, '2024', 'DE.yaml'), 'utf8').replace(
      'status: published',
      'status: published # geprüft',
    );
    // "ü" as Latin-1 writes it: the single byte 0xFC instead of UTF-8's 0xC3 0xBC.
    const utf8 = Buffer.from(text);
    const at = utf8.indexOf('gepr') + 4;
    writeFileSync(
      file,
      Buffer.concat([utf8.subarray(0, at), Buffer.from([0xfc]), utf8.subarray(at + 2)]),
    );
    const { code, err } = cli('validate', '--questionnaire', TINY, file);
    expect(code).toBe(1);
    expect(err).toContain(`${file}:5:25: error[invalid-utf8]: invalid UTF-8 (byte 0xfc`);
  });

  it('the decoder agrees with the standard on what is valid', () => {
    const cases: [number[], number][] = [
      [[0x61, 0xc3, 0xa4], -1], // "aä"
      [[0xf0, 0x9f, 0x98, 0x80], -1], // an emoji
      [[0x61, 0xc3], 1], // truncated
      [[0xc0, 0xaf], 0], // overlong "/"
      [[0xed, 0xa0, 0x80], 0], // a surrogate
      [[0xf4, 0x90, 0x80, 0x80], 0], // above U+10FFFF
      [[0x61, 0x80], 1], // a lone continuation byte
    ];
    for (const [bytes, offset] of cases) {
      const array = Uint8Array.from(bytes);
      expect(firstInvalidUtf8(array), bytes.join(' ')).toBe(offset);
      expect('text' in decodeUtf8('x', array), bytes.join(' ')).toBe(offset === -1);
    }
  });

  it('a bad byte on a later line is located there, columns counted in characters', () => {
    const bytes = Buffer.concat([
      Buffer.from('a: 1\nb: "äé'),
      Buffer.from([0xff]),
      Buffer.from('"\n'),
    ]);
    expect(decodeUtf8('x.yaml', bytes)).toEqual({
      issues: [expect.objectContaining({ code: 'invalid-utf8', line: 2, column: 7 })],
    });
  });
});

describe('strand files outside the questionnaire folder', () => {
  const questionnaireWith = (name: string, strand: string) => {
    const folder = join(dir, name, 'questionnaire');
    cpSync(TINY, folder, { recursive: true });
    // A YAML file beside the questionnaire folder: its content must never be read.
    writeFileSync(join(dir, name, 'outside.yaml'), 'secret_key: do-not-echo\n');
    const index = readFileSync(join(folder, 'index.yaml'), 'utf8').replace(
      '  - cross.yaml',
      `  - cross.yaml\n  - ${strand}`,
    );
    writeFileSync(join(folder, 'index.yaml'), index);
    return folder;
  };

  it.each([
    ['parent', '../outside.yaml'],
    ['detour', 'alpha/../../outside.yaml'],
    ['absolute', '/etc/outside.yaml'],
  ])('are refused with a located error (%s)', (name, strand) => {
    const folder = questionnaireWith(
      name,
      strand === '/etc/outside.yaml' ? join(dir, name, 'outside.yaml') : strand,
    );
    const { code, out, err } = cli('validate', '--questionnaire', folder);
    expect(code).toBe(1);
    expect(err).toMatch(
      new RegExp(`^${join(folder, 'index.yaml')}:14:5: error\\[strand-outside-folder\\]`, 'm'),
    );
    expect(out + err).not.toContain('secret_key');
  });

  it('a strand file that is a link leading out of the folder is refused, its target unread', () => {
    const folder = questionnaireWith('link', 'linked.yaml');
    symlinkSync(join(dir, 'link', 'outside.yaml'), join(folder, 'linked.yaml'));
    const { code, out, err } = cli('validate', '--questionnaire', folder);
    expect(code).toBe(1);
    expect(err).toContain(`${join(folder, 'linked.yaml')}: error[strand-outside-folder]`);
    expect(err).toContain('is a link to');
    expect(out + err).not.toContain('secret_key');
  });

  it('a link inside the folder to a file inside it is a strand file like any other', () => {
    const folder = questionnaireWith('inner-link', 'again.yaml');
    symlinkSync(join(folder, 'alpha.yaml'), join(folder, 'again.yaml'));
    const { err } = cli('validate', '--questionnaire', folder);
    expect(err).not.toContain('strand-outside-folder');
  });
});
