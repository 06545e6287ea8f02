/** Days are whole Stockholm calendar days counted from 1970-01-01 (see `dayNumber`). */
export interface SchedulingCase {
  id: string;
  healthCentreId: string;
  /** Priority weight of the case's category: the service derives it from the pathway's categories' order. */
  weight: number;
  dueDay: number;
  /** Epoch ms of triage: the order of first come, first served. */
  triagedAt: number;
  /** How far the patient may travel to a neighbouring centre (0: own centre only). */
  maxTravelKm?: number;
}

export interface SchedulingSlot {
  id: string;
  healthCentreId: string;
  day: number;
  /** Epoch ms, to order slots within a day. */
  start: number;
  specialistId: string;
  /** The capacity group this slot counts against (e.g. an agreement's hours for one specialist and week). */
  capacityGroup?: string;
}

export interface SchedulingInput {
  cases: SchedulingCase[];
  slots: SchedulingSlot[];
  /** Most slots each group may use. */
  capacity?: Record<string, number>;
  /** Road distance between two health centres; absent: not reachable (own centre is always 0). */
  distanceKm?: (from: string, to: string) => number | undefined;
  /** The first and last day the schedule covers. */
  today: number;
  horizonDay: number;
}

export interface Assignment {
  caseId: string;
  slotId: string;
}

export type UnassignedReason = 'no_slot_in_reach' | 'capacity' | 'outranked';

export interface SchedulingMetrics {
  assigned: number;
  unassigned: number;
  /** Cases seen after their due day, or not seen by the horizon although due by then. */
  overdue: number;
  overdueByWeight: Record<string, number>;
  /** Σ weight × days late, unassigned cases counted as seen the day after the horizon. */
  weightedLateness: number;
  travelKm: number;
  /** The objective the optimiser minimises (see cost.ts). */
  cost: number;
}

export interface SchedulingResult {
  assignments: Assignment[];
  unassigned: Array<{ caseId: string; reason: UnassignedReason }>;
  metrics: SchedulingMetrics;
}
