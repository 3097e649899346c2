export { loadConfig, ConfigError, type SidecarConfig } from './config.ts';
