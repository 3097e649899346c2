/**
 * The sidecar: the per-pod message pump between an actor's queue and its runtime.
 * `main()` runs it from the environment; `createSidecar(config)` builds one in-process.
 */
export { main } from './main.ts';
export { createSidecar, type Sidecar, type SidecarOverrides } from './sidecar.ts';
export { loadConfig, ConfigError, type SidecarConfig } from './config/index.ts';
export { admit, routeResponse, type Outgoing } from './route/index.ts';
export { RuntimeClient, RuntimeReadiness, RuntimeCallError } from './runtime-client/index.ts';
