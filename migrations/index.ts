import { Foundation1764028800000 } from './1764028800000-Foundation';

/** Every migration, in order. Listed explicitly so the bundled api needs no file globbing. */
export const MIGRATIONS = [Foundation1764028800000];
