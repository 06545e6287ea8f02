export * from './backoff';
export * from './fhir-messages';
export * from './signing';
export * from './status';
