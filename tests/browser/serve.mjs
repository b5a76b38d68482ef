// A static server for the built book on 127.0.0.1 (a free port), used by `make test-browser`.
// Usage: node tests/browser/serve.mjs [DIR]   — prints the URL on one line, serves until killed.
import path from 'node:path';
import { serve, BOOK_DIR } from './lib.mjs';

const dir = path.resolve(process.argv[2] || BOOK_DIR);
const server = await serve(dir);
process.stdout.write(`${server.url}\n`);
const stop = () => process.exit(0);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
