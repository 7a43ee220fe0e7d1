// A worker thread of the program when it runs from its TypeScript sources (the tests): loads the
// module source given as the worker's first argument (start-worker.ts) through tsx, a development
// dependency. The built program starts its workers' `.js` files directly and never reads this file.
import { argv } from 'node:process';
import { tsImport } from 'tsx/esm/api';

await tsImport(argv[2], import.meta.url);
