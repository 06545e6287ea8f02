export * from './api-error';
export * from './api-exception.filter';
