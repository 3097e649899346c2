/**
 * @asya/gateway: the MCP + REST + SSE service that starts envelopes for tools, keeps their
 * status in PostgreSQL and streams their progress.
 */
export { createGateway, GATEWAY_VERSION, type Gateway, type GatewayDeps } from './gateway.ts';
export { main } from './main.ts';
export {
  parseConfig,
  applyEnv,
  type GatewayConfig,
  type GatewayConfigInput,
} from './config/config.ts';
export { loadConfig } from './config/load.ts';
export { toolsFromPipelines, parseTools, type Tool, type ToolMode } from './config/tools.ts';
export { GatewayError, type GatewayErrorReason } from './errors.ts';
export { EmbeddedPostgres, type EmbeddedPostgresOptions } from './embedded-db/embedded-postgres.ts';
export { EnvelopeStore } from './store/envelope-store.ts';
export { migrate, migrations, type Migration } from './store/migrations.ts';
export type { EnvelopeRecord, EnvelopeEvent, FinalError } from './store/records.ts';
export type { EnvelopeStatus } from './store/status.ts';
export type { ToolCallResult } from './tools/tool-calls.ts';
