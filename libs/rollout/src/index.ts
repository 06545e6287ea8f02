export * from './core';
export * from './rollout-access';
export * from './rollout.module';
export * from './rollout.service';
export * from './triage-feedback';
export * from './evaluation';
export * from './training.service';
