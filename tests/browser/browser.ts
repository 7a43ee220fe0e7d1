/**
 * Browser-test harness: Debian's Chromium (`apt-get install chromium`) driven by playwright-core.
 * Playwright cannot download its own browser builds on these machines, so we always point it at
 * the system binary.
 *
 * Profile: Playwright's `launch` refuses a `--user-data-dir` argument (it wants
 * `launchPersistentContext` for that), so each launch uses Playwright's own fresh temporary
 * profile, which it creates in the OS temp dir and deletes when the browser closes.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { PASSWORD } from '../workspace/helpers.js';

/** The Chromium binary: `CHROMIUM_PATH` from the environment, else Debian's `/usr/bin/chromium`. */
export const CHROMIUM_PATH: string = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags for a root user in a closed network. Without the background-networking flags Chromium
 * keeps trying to reach Google's hosts and gets its connections refused.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Whether the Chromium binary exists and is executable. */
export function chromiumAvailable(): boolean {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Launches headless Chromium; the caller must `close()` it. */
export async function launchBrowser(): Promise<Browser> {
  if (!chromiumAvailable()) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: run \`apt-get install -y chromium\` or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
    headless: true,
  });
}

/**
 * Launches a browser, opens a page (in a context that accepts downloads), runs `fn`, and closes
 * everything afterwards, whether `fn` succeeded or threw.
 */
export async function withPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ acceptDownloads: true });
    try {
      const page = await context.newPage();
      return await fn(page);
    } finally {
      await context.close();
    }
  } finally {
    await browser.close();
  }
}

/** An app served on loopback for a browser test: its origin, and how to stop serving it. */
export interface Served {
  origin: string;
  close: () => Promise<void>;
}

/** Serves `app` on 127.0.0.1 on a port the system picks, once it is listening. */
export async function serve(app: Express): Promise<Served> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Signs `email` in through the sign-in form with the test password, and waits for the workspace. */
export async function signIn(page: Page, origin: string, email: string): Promise<void> {
  await page.goto(`${origin}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${origin}/workspace`);
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core'), 'utf8');

export interface Finding {
  page: string;
  width: number;
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Every axe-core violation at 1280 and 390 px, and sideways scrolling on the phone.
 * `atWidth` runs once the page is checked at each width (a test takes its screenshots there).
 */
export async function audit(
  page: Page,
  name: string,
  atWidth?: (width: number) => Promise<void>,
): Promise<{ violations: Finding[]; wide: string[] }> {
  const violations: Finding[] = [];
  const wide: string[] = [];
  for (const [width, height] of [
    [1280, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    // Evaluated, not injected as a <script>: the page's Content-Security-Policy stays on.
    if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(AXE);
    const found = (await page.evaluate(
      `axe.run(document, { resultTypes: ['violations'], rules: { 'target-size': { enabled: true } } })
        .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
          targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })))`,
    )) as Omit<Finding, 'page' | 'width'>[];
    violations.push(...found.map((v) => ({ page: name, width, ...v })));
    if (width === 390) {
      const overflow = (await page.evaluate(
        'document.documentElement.scrollWidth - window.innerWidth',
      )) as number;
      if (overflow > 0) wide.push(`${name}: ${overflow} px too wide`);
    }
    await atWidth?.(width);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  return { violations, wide };
}

/**
 * {@link audit} of each `[name, path]` in turn, the findings of all of them together. Full-page
 * screenshots of every page at both widths go to `$SCREENSHOT_DIR` (or the OS temp folder) as
 * `{prefix}-{name}-{width}.png`, for a person to look at.
 */
export async function auditPages(
  page: Page,
  origin: string,
  pages: readonly (readonly [string, string])[],
  prefix: string,
): Promise<{ violations: Finding[]; wide: string[] }> {
  const violations: Finding[] = [];
  const wide: string[] = [];
  const folder = process.env.SCREENSHOT_DIR ?? tmpdir();
  for (const [name, path] of pages) {
    await page.goto(`${origin}${path}`);
    const found = await audit(page, `${prefix}-${name}`, async (width) => {
      // For a person to look at, not an assertion. Headless Chromium sometimes never finishes the
      // full-page capture of the tall compare page (seen twice in a dozen runs, once with the
      // machine idle, while the audits of the same page passed): a capture that does not finish
      // within 20 s is reported and skipped, and the audit goes on.
      await page
        .screenshot({
          path: join(folder, `${prefix}-${name}-${width}.png`),
          fullPage: true,
          timeout: 20_000,
        })
        .catch((error: unknown) => {
          const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
          console.warn(`screenshot ${prefix}-${name} at ${width} px not taken: ${why}`);
        });
    });
    violations.push(...found.violations);
    wide.push(...found.wide);
  }
  return { violations, wide };
}
