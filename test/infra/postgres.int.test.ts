import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { requireServiceEnv } from './service-env.ts';

/** Runs `use` with a fresh connection; each test fails by itself when the URL is missing. */
async function withClient<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const connectionString = requireServiceEnv('postgres', 'ASYA_TEST_POSTGRES_URL');
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

describe('postgres from test/infra/up', () => {
  it('answers select 1', async () => {
    const result = await withClient((client) => client.query<{ one: number }>('select 1 as one'));
    expect(result.rows).toEqual([{ one: 1 }]);
  });

  it('reads back a row written in the same session', async () => {
    const note = await withClient(async (client) => {
      await client.query('create temporary table infra_smoke (id int primary key, note text)');
      await client.query('insert into infra_smoke values ($1, $2)', [7, 'seven']);
      const result = await client.query<{ note: string }>(
        'select note from infra_smoke where id = 7',
      );
      return result.rows[0]?.note;
    });
    expect(note).toBe('seven');
  });
});
