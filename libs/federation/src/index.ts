export * from './federation.module';
export * from './federation-keys.service';
export * from './outbox';
export * from './referrals.service';
export * from './core';
