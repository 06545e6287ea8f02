export * from './idempotency';
export * from './triage.dto';
export * from './triage.module';
export * from './triage.service';
export * from './case-view';
export * from './case-lifecycle';
