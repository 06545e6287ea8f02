import { types } from 'pg';

// A SQL date is a calendar day, not an instant: keep it as 'YYYY-MM-DD' instead of a local-midnight Date.
types.setTypeParser(types.builtins.DATE, (value: string) => value);

export * from './backup';
export * from './database.module';
export * from './embedded-postgres';
export * from './migrate';
export * from './prepared';
