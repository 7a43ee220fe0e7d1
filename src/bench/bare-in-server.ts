/**
 * Preloaded into a second copy of the real server for the profile benchmark
 * (`NODE_OPTIONS=--import …`): the bare server's listener (bare-server.ts), in the real server's
 * process, on a loopback port of its own, printed on stderr as `bare listener on PORT`. It sends
 * the captured response in the file named by `POLICY_INDEX_BENCH_BARE_RESPONSE`, read once at
 * start (the benchmark captures it from the first server, before starting this one).
 *
 * Loaded against the standalone bare server, it measures what merely being the server's process
 * costs the same handler (the loaded modules, the heap and its collections); loaded against the
 * profile page, what the server's own handling of a cached page costs in that process.
 */
import { createServer } from 'node:http';
import { BARE_LISTENER_PREFIX, bareHandler, listenOnLoopback } from './bare-server.js';

const server = createServer(bareHandler(process.env.POLICY_INDEX_BENCH_BARE_RESPONSE!));
// Not keeping the process alive: it ends with the server it is loaded into.
server.unref();
const port = await listenOnLoopback(server);
process.stderr.write(`${BARE_LISTENER_PREFIX} ${port}\n`);
