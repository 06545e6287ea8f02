export * from './api-error';
export * from './error-codes';
export * from './api-exception.filter';
export * from './calendar-date';
export * from './clinic-time';
export * from './sql';
export * from './interval-job';
export * from './nul-guard';
