export * from './metrics';
export * from './operations.module';
export * from './housekeeping';
