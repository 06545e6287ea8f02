export * from './auto-schedule';
export * from './baselines';
export * from './cost';
export * from './types';
