import { z } from 'zod';

/**
 * A moment in time as the api sends it: ISO 8601 text with its offset. Services may hand over the
 * database's `Date`; the response serializer turns it into that text before the schema checks it.
 */
export const timestamp = z.preprocess((v) => (v instanceof Date ? v.toISOString() : v), z.iso.datetime({ offset: true }));
