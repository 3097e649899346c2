#!/usr/bin/env node
// Starts the sidecar with TypeScript sources run directly (no build step).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main();
