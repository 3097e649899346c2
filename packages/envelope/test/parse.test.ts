import { describe, expect, it } from 'vitest';
import { parseEnvelope } from '../src/index.ts';

describe('parseEnvelope', () => {
  it('applies the default cursor when route.current is missing', () => {
    const result = parseEnvelope('{"id":"a","route":{"actors":["x"]},"payload":null}');
    expect(result.ok && result.envelope.route.current).toBe(0);
  });

  it.each([
    ['not JSON', 'nope'],
    ['missing route', '{"id":"a","payload":1}'],
    ['empty actors', '{"id":"a","route":{"actors":[]},"payload":1}'],
    ['negative current', '{"id":"a","route":{"actors":["x"],"current":-1},"payload":1}'],
    ['current past the end', '{"id":"a","route":{"actors":["x"],"current":2},"payload":1}'],
    ['missing payload', '{"id":"a","route":{"actors":["x"]}}'],
    ['headers not an object', '{"id":"a","route":{"actors":["x"]},"payload":1,"headers":[]}'],
    ['empty id', '{"id":"","route":{"actors":["x"]},"payload":1}'],
  ])('rejects a message with %s as msg_parsing_error', (_reason, body) => {
    const result = parseEnvelope(body);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toBe('msg_parsing_error');
  });

  it('keeps the raw body of a message that is not UTF-8 as base64', () => {
    const result = parseEnvelope(Buffer.from([0xff, 0xfe, 0x00]));
    expect(!result.ok && result.raw).toEqual({ encoding: 'base64', data: '//4A' });
  });
});
