#!/usr/bin/env node
// Starts the sidecar with TypeScript sources run directly (no build step).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
const code = await main();
// Everything was closed in order by main(); idle keep-alive sockets of the HTTP client
// must not keep a stopped process alive.
process.exit(code);
