import { afterEach, describe, expect, it } from 'vitest';
import { MissingServiceEnvError, requireServiceEnv, serviceSettings } from './service-env.ts';

describe('requireServiceEnv', () => {
  const saved = process.env.ASYA_TEST_POSTGRES_URL;

  afterEach(() => {
    if (saved === undefined) delete process.env.ASYA_TEST_POSTGRES_URL;
    else process.env.ASYA_TEST_POSTGRES_URL = saved;
  });

  it('returns the exported value', () => {
    process.env.ASYA_TEST_POSTGRES_URL = 'postgresql://u:p@127.0.0.1:1/db';
    expect(requireServiceEnv('postgres', 'ASYA_TEST_POSTGRES_URL')).toBe(
      'postgresql://u:p@127.0.0.1:1/db',
    );
  });

  it.each<[string, string | undefined, string]>([
    ['unset', undefined, 'up was never evaluated in this shell'],
    ['empty', '', 'an empty export is as useless as none'],
  ])('throws MissingServiceEnv when the setting is %s (%s)', (_case, value) => {
    if (value === undefined) delete process.env.ASYA_TEST_POSTGRES_URL;
    else process.env.ASYA_TEST_POSTGRES_URL = value;

    const read = () => requireServiceEnv('postgres', 'ASYA_TEST_POSTGRES_URL');

    expect(read).toThrow(MissingServiceEnvError);
    expect(read).toThrow(expect.objectContaining({ reason: 'MissingServiceEnv' }));
  });

  it('collects every setting of a service by name', () => {
    process.env.ASYA_TEST_POSTGRES_URL = 'postgresql://x';
    expect(serviceSettings('postgres')).toEqual({ ASYA_TEST_POSTGRES_URL: 'postgresql://x' });
  });
});
