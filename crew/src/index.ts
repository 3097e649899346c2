export { main, createCrew, type Crew } from './main.ts';
export { crewConfigFromEnv, type CrewConfig, type CrewRole } from './config/crew-config.ts';
export { parsePersistence, type PersistenceConfig } from './config/persistence-config.ts';
export { CrewError, type CrewErrorReason } from './config/crew-error.ts';
export { CrewActor, type CrewActorOptions, type HandleOutcome } from './consumer/crew-actor.ts';
export { createOutcomeStore, fileNameOf, type OutcomeStore } from './persistence/outcome-store.ts';
export { failedReport, succeededReport, UNKNOWN_ERROR } from './report/final-report.ts';
export {
  GatewayReporter,
  type ReporterOptions,
  type ReportOutcome,
} from './report/gateway-reporter.ts';
