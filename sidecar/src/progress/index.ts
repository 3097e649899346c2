export {
  ProgressReporter,
  type ProgressReporterOptions,
  type ProgressStatus,
} from './progress-reporter.ts';
