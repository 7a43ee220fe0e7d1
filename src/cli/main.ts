#!/usr/bin/env node
import { runAsync } from './launch.js';
import { processIo } from './process-io.js';

process.exitCode = await runAsync(process.argv.slice(2), processIo());
