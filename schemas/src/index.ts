/**
 * The JSON Schemas that are the single source of truth for the envelope and for every
 * custom resource. Code generation (`npm run generate`) turns them into `apis/`; runtime code
 * that needs a schema imports it from here rather than reading files by path.
 */
import { readFileSync } from 'node:fs';

function load(relative: string): Record<string, unknown> {
  const url = new URL(`../${relative}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
}

export const envelopeSchema = load('envelope/envelope.schema.json');

/** Absolute path of the folder holding the schema files. */
export const schemasDir = new URL('..', import.meta.url).pathname;
