/**
 * The worker thread of `bootstrapInThread` (bootstrap-thread.ts): opens the database on its own
 * connection, runs `bootstrap` and sends back its result or what it threw (`describeThrown`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { describeThrown } from '../workers/thrown.js';
import { bootstrap } from './bootstrap.js';
import type { BootstrapAnswer, BootstrapSetup } from './bootstrap-thread.js';
import { openDatabase } from './database.js';

const { database, options } = workerData as BootstrapSetup;
const post = (answer: BootstrapAnswer) => parentPort!.postMessage(answer);
try {
  const db = openDatabase(database);
  try {
    post({ result: bootstrap(db, options) });
  } finally {
    db.close();
  }
} catch (error) {
  post(describeThrown(error));
}
