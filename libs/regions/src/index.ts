export * from './agreements.service';
export * from './regions.module';
