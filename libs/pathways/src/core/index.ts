export * from './check';
export * from './compile';
export * from './conditions';
export * from './fhir';
export * from './schema';
export * from './test-cases';
export * from './types';
export * from './diff';
