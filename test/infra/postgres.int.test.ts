import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireServiceEnv } from './service-env.ts';

describe('postgres from test/infra/up', () => {
  let client: pg.Client;

  beforeAll(async () => {
    client = new pg.Client({
      connectionString: requireServiceEnv('postgres', 'ASYA_TEST_POSTGRES_URL'),
    });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
  });

  it('answers select 1', async () => {
    const result = await client.query<{ one: number }>('select 1 as one');
    expect(result.rows).toEqual([{ one: 1 }]);
  });

  it('keeps rows written in a transaction of this session', async () => {
    await client.query('create temporary table infra_smoke (id int primary key, note text)');
    await client.query('insert into infra_smoke values ($1, $2)', [7, 'seven']);
    const result = await client.query<{ note: string }>(
      'select note from infra_smoke where id = 7',
    );
    expect(result.rows[0]?.note).toBe('seven');
  });
});
