// The sheet worker when the program runs from its TypeScript sources (the tests): loads
// `sheet-worker.ts` through tsx, a development dependency. The built program starts
// `dist/bulk/sheet-worker.js` directly and never reads this file.
import { tsImport } from 'tsx/esm/api';

await tsImport('./sheet-worker.ts', import.meta.url);
