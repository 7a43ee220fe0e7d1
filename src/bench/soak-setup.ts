/**
 * What the soak needs around the load: a working database made the way `npm start` makes one,
 * expert accounts with their own sheet each, the server and the command-line tools as child
 * processes (the load generator must not share their event loop), and signing in over HTTP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bootstrap } from '../storage/bootstrap.js';
import { openDatabase } from '../storage/database.js';
import { createEdition } from '../storage/edition-repository.js';
import { latestQuestionnaireVersion } from '../storage/questionnaire-repository.js';
import { createAssignment, createUser } from '../storage/account-repository.js';

export const WRITER_EDITION = '2030';
const WRITER_COUNTRIES = ['AT', 'BE', 'DE', 'FR', 'NL', 'SE', 'ES', 'IT', 'PT', 'FI'];
const PASSWORD = 'soak-test-password-1234';

export interface Writer {
  email: string;
  country: string;
}

/**
 * A first start on an empty database (questionnaire, sample sheets, published editions), then
 * one open edition and `writers` experts, each assigned one country of it.
 */
export function prepareDatabase(root: string, file: string, writers: number): Writer[] {
  if (writers > WRITER_COUNTRIES.length)
    throw new RangeError(`at most ${WRITER_COUNTRIES.length} writers`);
  const db = openDatabase(file);
  try {
    bootstrap(db, {
      questionnaireDir: join(root, 'questionnaire'),
      scoresDir: join(root, 'scores'),
    });
    createEdition(
      db,
      WRITER_EDITION,
      `${WRITER_EDITION}-01-01`,
      latestQuestionnaireVersion(db)!.id,
    );
    return WRITER_COUNTRIES.slice(0, writers).map((country) => {
      const email = `soak-${country.toLowerCase()}@example.org`;
      const user = createUser(db, {
        email,
        name: `Soak ${country}`,
        role: 'expert',
        password: PASSWORD,
      });
      createAssignment(db, {
        userId: user.id,
        country,
        edition: WRITER_EDITION,
        strand: null,
        task: 'expert',
      });
      return { email, country };
    });
  } finally {
    db.close();
  }
}

export interface Finished {
  code: number | null;
  ms: number;
  output: string;
}

/**
 * Runs `policy-index ARGS…` on the soak's database to completion, or kills it after `timeoutMs`;
 * at scheduling priority `nice` (0 normal, up to 19 lowest), as `nice -n N policy-index …` would.
 */
export function runCli(
  root: string,
  database: string,
  args: string[],
  options: { nice?: number; timeoutMs?: number } = {},
): Promise<Finished> {
  const start = Date.now();
  const child = spawnCli(root, database, args);
  if (options.nice && child.pid !== undefined) setPriority(child.pid, options.nice);
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, ms: Date.now() - start, output: output.trim() });
    });
  });
}

export interface Server {
  url: string;
  /** The server process's id (to read its CPU time, process-cpu.ts). */
  pid: number;
  /** What the server printed on stderr (its error log). */
  log: string[];
  /** What it printed on stdout until it listened (the line saying what it serves with). */
  printed: string;
  stop(): Promise<void>;
}

/**
 * Starts `policy-index serve` on 127.0.0.1, a port the system picks, and waits until it listens.
 * `preload` (a module file) is loaded into the server first: the soak's event-loop probe. `env`
 * is added to the server's environment.
 */
export function startServer(
  root: string,
  database: string,
  options: { preload?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Server> {
  const { preload, env = {} } = options;
  const child = spawnCli(root, database, ['serve', '--port', '0', '--host', '127.0.0.1'], {
    ...env,
    ...(preload ? { NODE_OPTIONS: `--import ${pathToFileURL(preload).href}` } : {}),
  });
  const log: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => log.push(...chunk.toString().trim().split('\n')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`the server did not start within 60 s: ${log.join('\n')}`));
    }, 60_000);
    let printed = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      const match = /serving (http:\/\/127\.0\.0\.1:\d+)\//.exec(printed);
      if (!match) return;
      clearTimeout(timer);
      resolve({ url: match[1]!, pid: child.pid!, log, printed, stop: () => stopChild(child) });
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before listening: ${log.join('\n')}`));
    });
  });
}

function spawnCli(
  root: string,
  database: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): ChildProcess {
  return spawn(process.execPath, [join(root, 'dist', 'cli', 'main.js'), ...args], {
    cwd: root,
    env: { ...process.env, POLICY_INDEX_DB: database, POLICY_INDEX_USER: 'soak', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Signs in through the login form; returns the Cookie header of the session. */
export async function signIn(url: string, email: string): Promise<string> {
  const page = await fetch(`${url}/login`);
  const token = /name="_login" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!token) throw new Error('no sign-in token on /login');
  const jar = new Map(cookiesOf(page));
  const response = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
    },
    body: new URLSearchParams({ _login: token, email, password: PASSWORD, next: '/workspace' }),
  });
  if (response.status !== 303) throw new Error(`sign-in of ${email} answered ${response.status}`);
  for (const [name, value] of cookiesOf(response)) jar.set(name, value);
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

function cookiesOf(response: globalThis.Response): [string, string][] {
  return response.headers.getSetCookie().map((header) => {
    const pair = header.split(';')[0]!;
    const index = pair.indexOf('=');
    return [pair.slice(0, index), pair.slice(index + 1)];
  });
}
