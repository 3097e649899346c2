import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireServiceEnv, uniqueName } from './service-env.ts';

describe('rabbitmq from test/infra/up', () => {
  let connection: amqp.ChannelModel;
  let channel: amqp.Channel;
  const queue = uniqueName('infra-smoke');

  beforeAll(async () => {
    connection = await amqp.connect(requireServiceEnv('rabbitmq', 'ASYA_TEST_AMQP_URL'));
    channel = await connection.createChannel();
    await channel.assertQueue(queue, { durable: false, autoDelete: false });
  });

  afterAll(async () => {
    await channel?.deleteQueue(queue);
    await connection?.close();
  });

  it('delivers a published message to a consumer of the same queue', async () => {
    const received = new Promise<string>((resolve) => {
      void channel.consume(queue, (message) => {
        if (message === null) return;
        channel.ack(message);
        resolve(message.content.toString('utf8'));
      });
    });

    channel.sendToQueue(queue, Buffer.from('{"hello":"infra"}'));

    expect(JSON.parse(await received)).toEqual({ hello: 'infra' });
  });

  it('lists the queue through the management API', async () => {
    const base = new URL(requireServiceEnv('rabbitmq', 'ASYA_TEST_RABBITMQ_MANAGEMENT_URL'));
    const auth = Buffer.from(
      `${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`,
    ).toString('base64');
    const url = `${base.protocol}//${base.host}/api/queues/%2F/${encodeURIComponent(queue)}`;

    const response = await fetch(url, { headers: { authorization: `Basic ${auth}` } });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ name: queue, vhost: '/' });
  });
});
