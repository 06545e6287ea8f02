export * from './metrics';
export * from './operations.module';
