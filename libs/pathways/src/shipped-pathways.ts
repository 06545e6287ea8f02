import type { PathwayDefinition } from './core';
import jointComplaints from '../definitions/joint-complaints.json';

/** Pathways that ship with the product, loaded into every new database. */
export const SHIPPED_PATHWAYS: PathwayDefinition[] = [jointComplaints as unknown as PathwayDefinition];
