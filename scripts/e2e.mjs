#!/usr/bin/env node
// `npm run e2e`: only the browser tests (same path as the e2e half of `npm test`).
process.argv[2] = "e2e";
await import("./test.mjs");
