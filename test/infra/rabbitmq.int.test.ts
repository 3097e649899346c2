import amqp from 'amqplib';
import { describe, expect, it } from 'vitest';
import { requireServiceEnv, uniqueName } from './service-env.ts';

/** Runs `use` on a channel with a fresh queue that is deleted afterwards. */
async function withQueue<T>(use: (channel: amqp.Channel, queue: string) => Promise<T>) {
  const connection = await amqp.connect(requireServiceEnv('rabbitmq', 'ASYA_TEST_AMQP_URL'));
  const channel = await connection.createChannel();
  const queue = uniqueName('infra-smoke');
  await channel.assertQueue(queue, { durable: false });
  try {
    return await use(channel, queue);
  } finally {
    await channel.deleteQueue(queue);
    await connection.close();
  }
}

describe('rabbitmq from test/infra/up', () => {
  it('delivers a published message to a consumer of the same queue', async () => {
    const body = await withQueue(async (channel, queue) => {
      const received = new Promise<string>((resolve) => {
        void channel.consume(queue, (message) => {
          if (message === null) return;
          channel.ack(message);
          resolve(message.content.toString('utf8'));
        });
      });
      channel.sendToQueue(queue, Buffer.from('{"hello":"infra"}'));
      return received;
    });

    expect(JSON.parse(body)).toEqual({ hello: 'infra' });
  });

  it('shows the queue in the management API', async () => {
    const base = new URL(requireServiceEnv('rabbitmq', 'ASYA_TEST_RABBITMQ_MANAGEMENT_URL'));
    const user = `${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`;
    const headers = { authorization: `Basic ${Buffer.from(user).toString('base64')}` };

    const [queue, response] = await withQueue(async (_channel, queue) => {
      const url = `${base.protocol}//${base.host}/api/queues/%2F/${encodeURIComponent(queue)}`;
      return [queue, await fetch(url, { headers })] as const;
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ name: queue, vhost: '/' });
  });
});
