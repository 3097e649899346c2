#!/usr/bin/env node
// The `asya` command: runs the TypeScript sources directly (no build step).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main();
