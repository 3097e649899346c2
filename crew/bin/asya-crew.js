#!/usr/bin/env node
// Starts one crew actor (happy-end or error-end) configured from the environment.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
await main();
