import { parseArgs } from 'node:util';
import { parseTrustProxy, type TrustProxy } from '../../http/trust-proxy.js';
import { bootstrap, isFirstStart } from '../../storage/bootstrap.js';
import { bootstrapInThread } from '../../storage/bootstrap-thread.js';
import { databasePath, openDatabase, stopWaitingForLocks } from '../../storage/database.js';
import { createApp } from '../app.js';
import { analysisLimitFromEnv, type RateLimitSetting } from '../rate-limit.js';
import { responseCacheBytesFromEnv } from '../response-cache.js';
import { UsageError, type CliIo } from '../../cli/io.js';
import { DEFAULT_QUESTIONNAIRE_DIR } from '../../cli/shared.js';

export const serveUsage = `usage: policy-index serve [--port N] [--host ADDRESS] [--questionnaire DIR] [--scores DIR]

Serves the public site and API (what "npm start" runs). Opens the working database
(POLICY_INDEX_DB, default data/policy-index.sqlite); on an empty database it first loads the
questionnaire and the sheets in --scores (default scores/) and publishes them. Port: --port or
PORT (default 3000); address: --host or HOST (default 127.0.0.1). PUBLIC_URL sets the address
used in permalinks and citations. Behind a reverse proxy, TRUST_PROXY names the proxies to believe
about the client's address and HTTPS: a hop count (1), or a comma list of loopback, linklocal,
uniquelocal, addresses and subnets (default false: no proxy). POLICY_INDEX_ANALYSIS_LIMIT sets how
many analysis requests (robustness, what-if, compare, changes) one client address may make:
REQUESTS/SECONDS (default 60/60), or off when the proxy limits them. POLICY_INDEX_RESPONSE_CACHE_MB
sets the memory kept for built pages and API answers (MiB, 0 to 4096; default 64).`;

export async function serveCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    allowPositionals: false,
    options: {
      port: { type: 'string', default: process.env.PORT ?? '3000' },
      host: { type: 'string', default: process.env.HOST ?? '127.0.0.1' },
      questionnaire: { type: 'string', default: DEFAULT_QUESTIONNAIRE_DIR },
      scores: { type: 'string', default: 'scores' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be a port number, not "${values.port}"`);
  let trustProxy: TrustProxy;
  let analysisRateLimit: RateLimitSetting | false;
  let responseCacheBytes: number;
  try {
    trustProxy = parseTrustProxy(process.env.TRUST_PROXY);
    analysisRateLimit = analysisLimitFromEnv(process.env);
    responseCacheBytes = responseCacheBytesFromEnv(process.env);
  } catch (error) {
    throw new UsageError((error as RangeError).message);
  }
  const database = databasePath();
  const db = openDatabase(database);
  try {
    const options = { questionnaireDir: values.questionnaire, scoresDir: values.scores };
    // A first start's import and publication run in a worker thread (bootstrap-thread.ts says
    // why); a later start only checks the questionnaires, quicker here than a thread's start.
    const started =
      isFirstStart(db) && database !== ':memory:'
        ? await bootstrapInThread(database, options)
        : bootstrap(db, options);
    if (started.firstStart)
      io.out(
        `new database ${database}: imported ${started.imported} sheets, published ${started.published.join(', ')}`,
      );
    // From here on the event loop serves requests: writes wait for locks on a timer, not in SQLite.
    stopWaitingForLocks(db);
    const app = createApp({
      db,
      questionnaireDir: values.questionnaire,
      publicUrl: process.env.PUBLIC_URL,
      trustProxy,
      analysisRateLimit,
      responseCacheBytes,
    });
    const server = app.listen(port, values.host);
    // A port in use or an unknown address rejects here; the command line reports it (exit 1).
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    const address = server.address();
    const shown =
      typeof address === 'object' && address
        ? `http://${values.host}:${address.port}/`
        : String(address);
    const limit =
      analysisRateLimit === false
        ? 'analysis requests not limited'
        : `analysis requests ${analysisRateLimit.limit} per ${analysisRateLimit.windowMs / 1000} s per address`;
    const cache = `response cache ${responseCacheBytes / (1024 * 1024)} MiB`;
    io.out(
      `Policy Index serving ${shown} (database ${database}; ${limit}; ${cache}); stop with Ctrl-C`,
    );
    await new Promise<void>((resolve) => {
      const stop = () => server.close(() => resolve());
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  } finally {
    db.close();
  }
  return 0;
}
