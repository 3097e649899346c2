/**
 * The shared envelope fixtures (test/fixtures/envelopes) must mean the same thing to the
 * TypeScript envelope parser as to the Python runtime (runtime/tests/test_input_validation.py).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnvelope } from '@asya/envelope';

interface Fixture {
  description: string;
  envelope?: unknown;
  raw?: string;
  raw_base64?: string;
  expect: { valid: boolean; reason?: string };
}

const dir = fileURLToPath(new URL('../../test/fixtures/envelopes/', import.meta.url));
const fixtures: [string, Fixture][] = readdirSync(dir)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => [name, JSON.parse(readFileSync(join(dir, name), 'utf8')) as Fixture]);

function body(fixture: Fixture): Uint8Array {
  if (fixture.raw !== undefined) return Buffer.from(fixture.raw, 'utf8');
  if (fixture.raw_base64 !== undefined) return Buffer.from(fixture.raw_base64, 'base64');
  return Buffer.from(JSON.stringify(fixture.envelope), 'utf8');
}

describe('shared envelope fixtures', () => {
  it('holds valid and invalid cases', () => {
    expect(fixtures.filter(([, f]) => f.expect.valid).length).toBeGreaterThanOrEqual(3);
    expect(fixtures.filter(([, f]) => !f.expect.valid).length).toBeGreaterThanOrEqual(8);
  });

  it.each(fixtures)('parses %s as the fixture expects', (_name, fixture) => {
    const result = parseEnvelope(body(fixture));
    expect(result.ok).toBe(fixture.expect.valid);
    if (!result.ok) expect(result.reason).toBe(fixture.expect.reason);
  });
});
