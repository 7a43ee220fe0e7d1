/**
 * The per-core calibration of the bulk bench (src/bench/core-speeds.ts): a child pinned to each
 * core parses the same sheets, and the speeds are reported against the fastest core.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  allowedCores,
  coreSpeeds,
  fastestMsPerSheet,
  relativeSpeeds,
} from '../../src/bench/core-speeds.js';
import { fixturePath, ROOT_DIR } from '../helpers/fixtures.js';
import { temporaryDir } from '../storage/helpers.js';

const canPin =
  process.platform === 'linux' &&
  spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;

describe('core speeds', () => {
  it('relative speeds put the fastest core at 1 and the others below it', () => {
    const speeds = { cores: [0, 1, 2], ms: [300, 150, 600], sheets: 10, passes: 3 };
    expect(relativeSpeeds(speeds)).toEqual([0.5, 1, 0.25]);
    expect(fastestMsPerSheet(speeds)).toBe(5);
  });

  it('reads the cores allowed from a status file: ranges and lists, or null', () => {
    const dir = temporaryDir('core-speeds-');
    try {
      const status = (list: string | null) => {
        const file = join(dir.dir, 'status');
        writeFileSync(file, `Name:\tnode\n${list === null ? '' : `Cpus_allowed_list:\t${list}\n`}`);
        return allowedCores(file);
      };
      expect(status('0-1')).toEqual([0, 1]);
      expect(status('2,4-6')).toEqual([2, 4, 5, 6]);
      expect(status('3')).toEqual([3]);
      expect(status('a-b')).toBeNull();
      expect(status(null)).toBeNull();
      expect(allowedCores(join(dir.dir, 'missing'))).toBeNull();
    } finally {
      dir.cleanup();
    }
  });

  it.runIf(canPin)('times the raw parse in a child pinned to each core (taskset)', async () => {
    const speeds = await coreSpeeds(ROOT_DIR, fixturePath('sheets', 'tiny'), {
      sheets: 4,
      passes: 2,
      rounds: 1,
    });
    expect(speeds).not.toBeNull();
    expect(speeds!.cores).toEqual(allowedCores());
    expect(speeds!.ms).toHaveLength(speeds!.cores.length);
    for (const ms of speeds!.ms) expect(ms).toBeGreaterThan(0);
    expect(Math.max(...relativeSpeeds(speeds!))).toBe(1);
  });
});
