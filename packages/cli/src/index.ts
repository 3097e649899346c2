export { main, buildProgram } from './main.ts';
export { CliError, type CliErrorReason } from './cli-error.ts';
export { DevSession, type DevSessionOptions } from './dev/dev-session.ts';
export { planDev, type DevPlan, type DevActor, type DevTool } from './dev/dev-plan.ts';
export { Supervisor, type ChildSpec, type SupervisorOptions } from './dev/supervisor.ts';
export { GatewayClient, type EnvelopeStatusRecord } from './gateway-client/gateway-client.ts';
export { buildArguments, textArgumentOf } from './input/tool-arguments.ts';
