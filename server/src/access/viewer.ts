import { Role } from '@anbinh/shared';
import { fieldError, userError } from '../graphql/errors';
import type { Gazetteer } from '../geography/gazetteer';
import type { AdminUnitNode } from '../geography/admin-unit.type';

/** Who is asking: from a verified token, or the anonymous public. */
export interface Viewer {
  role: Role;
  /** The token's subject (a username, or the identity provider's id); null for the public. */
  subject: string | null;
  /** Unit codes an officer or partner acts for. */
  units: readonly string[];
  /** Change types a partner may follow (the feed). */
  changeTypes?: readonly string[];
  /** `trusted`: only documents an admin registered may run (trusted-documents/). */
  docs?: 'trusted';
  /** When the token stops being valid: a subscription ends then. */
  expiresAt?: Date;
}

export const publicViewer: Viewer = Object.freeze({ role: Role.PUBLIC, subject: null, units: [] });

/** Refuses anyone whose role is not listed: UNAUTHENTICATED for the public (signing in may help), FORBIDDEN otherwise. */
export function requireRole(viewer: Viewer, roles: readonly Role[], what: string): void {
  if (roles.includes(viewer.role)) return;
  if (viewer.role === Role.PUBLIC) throw userError(`Sign in to ${what}: send a token in the Authorization header ("Bearer …").`, 'UNAUTHENTICATED');
  throw userError(`Your role (${viewer.role}) may not ${what}; it needs ${roles.join(' or ')}.`, 'FORBIDDEN');
}

/**
 * Whether a place (an atom of the geography) lies in the territory the viewer
 * acts for on a date: admins everywhere; officers and partners in their units'
 * territory, read on that date's map (or the unit's latest version if the code was not in force then).
 */
export function covers(viewer: Viewer, gazetteer: Gazetteer, atom: string, onDate: string): boolean {
  if (viewer.role === Role.ADMIN) return true;
  return viewer.units.some((code) => {
    const unit = gazetteer.at(code, onDate) ?? gazetteer.latest(code);
    return unit !== null && gazetteer.atoms(unit.versionId).includes(atom);
  });
}

/** Officers and admins write; everyone else is refused before anything is read. */
export function requireWriter(ctx: { viewer: Viewer }, what: string): void {
  requireRole(ctx.viewer, [Role.ADMIN, Role.OFFICER], what);
}

/** Refuses a place outside the territory the viewer acts for on that date. */
export function requireCovers(ctx: { viewer: Viewer; gazetteer: Gazetteer }, unit: AdminUnitNode, atom: string, onDate: string): void {
  if (!covers(ctx.viewer, ctx.gazetteer, atom, onDate)) {
    throw fieldError(
      'unitCode',
      'NOT_IN_TERRITORY',
      `${unit.name} (${unit.code}) lies outside the units your token acts for (${ctx.viewer.units.join(', ') || 'none'}): you may record only there.`,
      'FORBIDDEN',
    );
  }
}
