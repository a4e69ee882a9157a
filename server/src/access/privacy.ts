import { Role, smallCountThreshold, type MeasureId } from '@anbinh/shared';
import type { Viewer } from './viewer';

/** Measures that count people under community education: personal data in small numbers. */
export const personalMeasures: ReadonlySet<MeasureId> = new Set(['peopleUnderCommunityEducation', 'peopleInCommunityEducation', 'peopleProgressed']);

/**
 * A count of people as the viewer may see it: the public does not see counts of
 * 1 or 2 in a unit (with a name, a village and a year they can point at a person);
 * 0 is shown, since it points at no one. Every signed-in role sees the count.
 */
export function visibleCount(viewer: Viewer, count: number): number | null {
  return viewer.role === Role.PUBLIC && count > 0 && count < smallCountThreshold ? null : count;
}

/** Whether a set of counts must be hidden from the viewer (any of them would be). */
export function suppresses(viewer: Viewer, counts: readonly number[]): boolean {
  return counts.some((n) => visibleCount(viewer, n) === null);
}
