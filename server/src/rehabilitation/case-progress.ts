import { Arg, Ctx, Field, ID, InputType, Int, Mutation, Resolver } from 'type-graphql';
import { runSql } from '@anbinh/db';
import { CaseOutcome } from '@anbinh/shared';
import type { Context } from '../graphql/context';
import { fieldError } from '../graphql/errors';
import { fromGlobalId } from '../graphql/node';
import { DateScalar } from '../graphql/scalars';
import { covers } from '../access/viewer';
import { requireWriter } from '../access/viewer';
import { writeAudited } from '../audit/audit';
import { notInFuture } from '../graphql/input';
import { recordsById } from '../records/record';
import { CommunityEducationCase, communityEducationCaseKind } from './community-education-case';

@InputType({ description: 'How an open community-education case ended.' })
export class CloseCaseInput {
  @Field(() => ID, { description: 'The case’s id.' }) caseId!: string;
  @Field(() => Int, { description: 'The version you read; if the case changed since, the change is refused (CONFLICT).' }) version!: number;
  @Field(() => CaseOutcome, { description: 'PROGRESSED when the person made good and was released.' }) outcome!: CaseOutcome;
  @Field(() => DateScalar, { description: 'The day it ended: on or after the day it began, not in the future.' }) releasedOn!: string;
}

@Resolver()
export class CaseProgressResolver {
  @Mutation(() => CommunityEducationCase, {
    description: 'Closes a community-education case — a person progressed, reoffended or moved (officers of its unit, admins). Written with its audit entry and change-feed row in one transaction.',
  })
  async closeCommunityEducationCase(@Ctx() ctx: Context, @Arg('input', () => CloseCaseInput, { description: 'The outcome.' }) input: CloseCaseInput): Promise<CommunityEducationCase> {
    requireWriter(ctx, 'record how a community-education case ended');
    const { type, id } = fromGlobalId(input.caseId, 'caseId');
    if (type !== 'CommunityEducationCase') throw fieldError('caseId', 'WRONG_TYPE', `caseId must be a community-education case's id; "${input.caseId}" is a ${type}.`);
    notInFuture(input.releasedOn, 'releasedOn');
    await writeAudited(ctx, 'closeCommunityEducationCase', 'community_education_case', async (trx) => {
      // Locked for the transaction, so the checks below still hold when the update runs.
      const { rows } = await runSql(trx, 'select id, unit_id, atom_id, reference, placed_on::text, released_on::text, outcome, version from community_education_case where id = ? for update', [id]);
      const before = rows[0];
      // Outside the officer's territory it is as if the case did not exist: its existence is personal data too.
      if (!before || !covers(ctx.viewer, ctx.gazetteer, before.atom_id, before.placed_on)) throw fieldError('caseId', 'NOT_FOUND', `There is no case ${input.caseId} among those you may see.`);
      if (before.version !== input.version) {
        throw fieldError('version', 'VERSION_CONFLICT', `The case changed since you read it (version ${input.version}; it is now ${before.version}): read it again and redo your change.`, 'CONFLICT');
      }
      if (before.outcome !== null) throw fieldError('releasedOn', 'ALREADY_ENDED', `The case was already closed on ${before.released_on} (${before.outcome}).`, 'CONFLICT');
      if (input.releasedOn < before.placed_on) throw fieldError('releasedOn', 'OUT_OF_RANGE', `releasedOn (${input.releasedOn}) is before the case began (${before.placed_on}).`);
      const updated = await runSql(trx,
        `update community_education_case set outcome = ?, released_on = ?, version = version + 1 where id = ? and version = ?
         returning id, unit_id, atom_id, reference, placed_on::text, released_on::text, outcome, version`,
        [input.outcome, input.releasedOn, id, input.version],
      );
      return { before, after: updated.rows[0] };
    });
    const [closed] = await recordsById(ctx, communityEducationCaseKind as never, [id]);
    return closed as CommunityEducationCase;
  }
}
