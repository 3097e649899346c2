import {
  CreateRoleCommand,
  DeleteRoleCommand,
  GetRoleCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { serviceSettings, uniqueName } from './service-env.ts';

/** Client options from the exported settings; fails when `up moto` was not evaluated. */
function clientConfig() {
  const env = serviceSettings('moto');
  return {
    endpoint: env.AWS_ENDPOINT_URL,
    region: env.AWS_REGION,
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID ?? '',
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '',
    },
  };
}

describe('moto from test/infra/up', () => {
  it('creates an SQS queue, sends a message and receives it back', async () => {
    const sqs = new SQSClient(clientConfig());
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({ QueueName: uniqueName('infra-smoke') }),
    );
    expect(QueueUrl).toEqual(expect.any(String));

    try {
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: '{"n":1}' }));
      const received = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 5 }),
      );
      expect(received.Messages?.map((message) => message.Body)).toEqual(['{"n":1}']);
    } finally {
      await sqs.send(new DeleteQueueCommand({ QueueUrl }));
      sqs.destroy();
    }
  });

  it('creates an IAM role that can be read back', async () => {
    const iam = new IAMClient(clientConfig());
    const RoleName = uniqueName('infra-smoke');
    const trust = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Action: 'sts:AssumeRole',
        },
      ],
    };

    const created = await iam.send(
      new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: JSON.stringify(trust) }),
    );

    try {
      expect(created.Role?.Arn).toMatch(/^arn:aws:iam::\d{12}:role\//);
      const read = await iam.send(new GetRoleCommand({ RoleName }));
      expect(read.Role?.RoleName).toBe(RoleName);
    } finally {
      await iam.send(new DeleteRoleCommand({ RoleName }));
      iam.destroy();
    }
  });

  it('stores an S3 object and returns the same bytes', async () => {
    const s3 = new S3Client({ ...clientConfig(), forcePathStyle: true });
    const Bucket = uniqueName('infra-smoke');
    const Key = 'results/one.json';
    await s3.send(new CreateBucketCommand({ Bucket }));

    try {
      await s3.send(new PutObjectCommand({ Bucket, Key, Body: '{"ok":true}' }));
      const object = await s3.send(new GetObjectCommand({ Bucket, Key }));
      expect(await object.Body?.transformToString()).toBe('{"ok":true}');
    } finally {
      await s3.send(new DeleteObjectCommand({ Bucket, Key }));
      await s3.send(new DeleteBucketCommand({ Bucket }));
      s3.destroy();
    }
  });
});
