/**
 * A workbook's bytes depend on its tables only: written at another time, the same tables give the
 * same file, so the checksum its data package gives (`hash`) changes only when the data does.
 */
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Column } from '../../src/downloads/columns.js';
import { workbook, type ReadmeLine } from '../../src/downloads/workbook.js';

const COLUMNS: Column[] = [
  { name: 'country', type: 'string', description: 'ISO code' },
  { name: 'score', type: 'number', description: '0–100' },
];
const README: ReadmeLine[] = [['What it is', 'Two rows, for a test']];
const TABLES = [
  {
    sheet: 'scores',
    columns: COLUMNS,
    rows: [
      ['AT', 41.5],
      ['SE', 86.25],
    ],
  },
];

/** The date and time the zip gives each part, as stored (DOS date and time, local time). */
function partDates(file: Buffer): string[] {
  const dates: string[] = [];
  for (let at = file.indexOf('PK\x01\x02'); at >= 0; at = file.indexOf('PK\x01\x02', at + 4)) {
    const time = file.readUInt16LE(at + 12);
    const date = file.readUInt16LE(at + 14);
    const day = `${1980 + (date >> 9)}-${String((date >> 5) & 15).padStart(2, '0')}-${String(date & 31).padStart(2, '0')}`;
    dates.push(
      `${day} ${String(time >> 11).padStart(2, '0')}:${String((time >> 5) & 63).padStart(2, '0')}`,
    );
  }
  return dates;
}

describe('a workbook written twice', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('has the same bytes at another time, every part dated 1 January 1980', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 2, 14, 9, 26, 53));
    const first = await workbook(README, TABLES);
    vi.setSystemTime(new Date(2031, 10, 2, 17, 3, 11));
    const second = await workbook(README, TABLES);
    expect(second.equals(first)).toBe(true);
    const dates = partDates(first);
    expect(dates.length).toBeGreaterThan(3);
    expect(new Set(dates)).toEqual(new Set(['1980-01-01 12:00']));
  });

  it('is still the workbook: every part there, in order, with its content', async () => {
    const parts = unzipSync(new Uint8Array(await workbook(README, TABLES)));
    const names = Object.keys(parts);
    expect(names[0]).toBe('[Content_Types].xml');
    expect(names).toContain('xl/workbook.xml');
    expect(strFromU8(parts['xl/sharedStrings.xml']!)).toContain('Two rows, for a test');
    expect(strFromU8(parts['xl/worksheets/sheet2.xml']!)).toContain('<v>86.25</v>');
  });

  it('another table gives other bytes', async () => {
    const other = [
      {
        ...TABLES[0]!,
        rows: [
          ['AT', 41.5],
          ['SE', 86.5],
        ],
      },
    ];
    expect((await workbook(README, other)).equals(await workbook(README, TABLES))).toBe(false);
  });
});
