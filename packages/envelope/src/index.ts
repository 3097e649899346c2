export * from './envelope.ts';
export * from './reasons.ts';
export * from './parse.ts';
export * from './error-envelope.ts';
export * from './gateway-callbacks.ts';
