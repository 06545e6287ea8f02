import type { PathwayDefinition } from './core';
import jointComplaints from '../definitions/joint-complaints.json';
import suspectedSkinCancer from '../definitions/suspected-skin-cancer.json';

/** Pathways that ship with the product, loaded into every new database. */
export const SHIPPED_PATHWAYS: PathwayDefinition[] = [
  jointComplaints as unknown as PathwayDefinition,
  // Issue 19: a second area in another specialty (dermatology), as data; docs/pathways/suspected-skin-cancer.md.
  suspectedSkinCancer as unknown as PathwayDefinition,
];
