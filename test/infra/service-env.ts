/**
 * Connection settings of the test services, read from the environment that
 * `eval "$(test/infra/up)"` exports. Owns only the reading and the error when a setting
 * is missing; starting services is test/infra/up's job.
 */

/** The variables `test/infra/up` exports, by the service that provides them. */
export const serviceEnv = {
  kube: ['KUBECONFIG'],
  postgres: ['ASYA_TEST_POSTGRES_URL'],
  rabbitmq: ['ASYA_TEST_AMQP_URL', 'ASYA_TEST_RABBITMQ_MANAGEMENT_URL'],
  moto: ['AWS_ENDPOINT_URL', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'],
} as const;

export type ServiceName = keyof typeof serviceEnv;

/** Thrown when a test needs a service whose settings are not in the environment. */
export class MissingServiceEnvError extends Error {
  readonly reason = 'MissingServiceEnv';

  constructor(service: ServiceName, name: string) {
    super(
      `cannot read setting "${name}" of service "${service}": not set; ` +
        `run eval "$(test/infra/up ${service})" first`,
    );
    this.name = 'MissingServiceEnvError';
  }
}

/**
 * Returns the value of one exported setting of `service`.
 * Throws MissingServiceEnvError (reason MissingServiceEnv) when it is unset or empty,
 * so a suite fails loudly instead of skipping when the services were not started.
 */
export function requireServiceEnv(service: ServiceName, name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new MissingServiceEnvError(service, name);
  }
  return value;
}

/** Returns every setting of `service` by name, failing on the first one missing. */
export function serviceSettings(service: ServiceName): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const name of serviceEnv[service]) {
    settings[name] = requireServiceEnv(service, name);
  }
  return settings;
}

/** A name unique to this test run, for queues, buckets, roles and namespaces. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}`;
}
