import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameReader } from '../../src/runtime-client/index.ts';

describe('encodeFrame', () => {
  it('prefixes the UTF-8 body with its big-endian byte length', () => {
    const frame = encodeFrame('{"a":"é"}', 100);

    expect(frame.readUInt32BE(0)).toBe(10);
    expect(frame.subarray(4).toString('utf8')).toBe('{"a":"é"}');
  });

  it('refuses a body over the limit with reason FrameTooLarge', () => {
    expect(() => encodeFrame('x'.repeat(11), 10)).toThrow(
      expect.objectContaining({ reason: 'FrameTooLarge' }),
    );
  });
});

describe('FrameReader', () => {
  it.each([
    ['one chunk', [9]],
    ['header split in two', [2, 7]],
    ['byte by byte', [1, 1, 1, 1, 1, 1, 1, 1, 1]],
    ['header then body', [4, 5]],
  ])('returns the body once it is whole when it arrives as %s', (_reason, sizes) => {
    const frame = encodeFrame('hello', 100);
    const reader = new FrameReader(100);
    let offset = 0;
    const results = sizes.map((size) => {
      const part = reader.push(frame.subarray(offset, offset + size));
      offset += size;
      return part?.toString('utf8');
    });

    expect(results.at(-1)).toBe('hello');
    expect(results.slice(0, -1).every((r) => r === undefined)).toBe(true);
  });

  it('refuses an announced length over the limit before the body arrives', () => {
    const reader = new FrameReader(1024);
    const header = Buffer.alloc(4);
    header.writeUInt32BE(0xffffffff, 0);

    expect(() => reader.push(header)).toThrow(expect.objectContaining({ reason: 'FrameTooLarge' }));
  });

  it('accepts an empty frame', () => {
    expect(new FrameReader(10).push(Buffer.alloc(4))?.length).toBe(0);
  });
});
