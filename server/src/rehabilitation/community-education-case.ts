import { CaseOutcome, Role } from '@anbinh/shared';
import { requireRole } from '../access/viewer';
import { date, enumOf, text } from '../records/fields';
import { defineRecordType } from '../records/define';

/**
 * One person under community education. Only the case reference the commune police keep is stored,
 * and it must look like one (GD-2024-000123), so a name typed into it is refused.
 */
export const communityEducationCases = defineRecordType({
  typeName: 'CommunityEducationCase',
  queryName: 'communityEducationCases',
  table: 'community_education_case',
  noun: 'community-education case',
  description:
    'One person under community education, by a pseudonymous reference only: no name, birth date or address is stored. Visible to officers of its unit and to admins; everyone else reads aggregates (rehabilitation).',
  listDescription:
    'Individual community-education cases: admins see all; an officer, those in its units’ territory; other roles are refused (they read rehabilitation aggregates).',
  filterDescription: 'Which cases to list; from/to select cases open at some time in the period.',
  period: { from: 'placedOn', to: 'releasedOn' },
  fields: {
    reference: text({
      max: 40,
      description: 'The pseudonymous case reference the commune police keep; it names no one.',
      inputDescription: 'The pseudonymous case reference, e.g. GD-2024-000123; never a name.',
      pattern: {
        test: /^[A-Z0-9][A-Z0-9/._-]{3,39}$/,
        hint: 'is not a case reference: write it as the commune police file it (capitals, digits and - / . _, e.g. GD-2024-000123), never a person’s name.',
      },
    }),
    placedOn: date({ description: 'The day the person was placed under community education.' }),
    releasedOn: date({
      nullable: true,
      description: 'The day the case ended; null while open.',
      inputDescription: 'The day it ended: on or after the day it began, not in the future.',
    }),
    outcome: enumOf(CaseOutcome, {
      nullable: true,
      write: 'close',
      description: 'How it ended; null while open.',
      inputDescription: 'PROGRESSED when the person made good and was released.',
      filter: { name: 'outcomes', description: 'Only cases that ended so.' },
    }),
  },
  access: ({ viewer, gazetteer }) => {
    requireRole(viewer, [Role.ADMIN, Role.OFFICER], 'read individual community-education cases (rehabilitation gives the aggregates)');
    if (viewer.role === Role.ADMIN) return [];
    return [{ sql: 'r.atom_id = any(?)', bindings: [gazetteer.territory(viewer.units).atoms] }];
  },
  mutations: {
    // Closing records how the case ended: a person progressed, reoffended or moved.
    close: {
      name: 'closeCommunityEducationCase',
      input: 'CloseCaseInput',
      id: 'caseId',
      argument: 'The outcome.',
      description:
        'Closes a community-education case — a person progressed, reoffended or moved (officers of its unit, admins). Written with its audit entry and change-feed row in one transaction.',
      inputDescription: 'How an open community-education case ended.',
    },
  },
});

export const { createCommunityEducationCase, updateCommunityEducationCase, closeCommunityEducationCase } = communityEducationCases.mutations;
export type CommunityEducationCase = InstanceType<typeof communityEducationCases.node>;
