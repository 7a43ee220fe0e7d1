#!/usr/bin/env node
import { processIo } from './process-io.js';
import { runAsync } from './run.js';

process.exitCode = await runAsync(process.argv.slice(2), processIo());
