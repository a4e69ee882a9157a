import { Arg, Ctx, Field, ID, InputType, Mutation, Resolver } from 'type-graphql';
import { runSql } from '@anbinh/db';
import { CommendationForm, RecipientKind, UnitLevel } from '@anbinh/shared';
import type { Context } from '../graphql/context';
import { fieldError } from '../graphql/errors';
import { DateScalar } from '../graphql/scalars';
import { requireCovers, requireWriter } from '../access/viewer';
import { writeAudited } from '../audit/audit';
import { cleanText, notInFuture } from '../graphql/input';
import { modelOfUnit } from '../security-models/model-of-unit';
import { recordsById } from '../records/record';
import type { AdminUnitNode } from '../geography/admin-unit.type';
import { Commendation, commendationKind } from './commendation';

@InputType({ description: 'A commendation to record. Checked whole before anything is written.' })
export class AwardCommendationInput {
  @Field(() => String, { description: 'The unit (commune, ward…) it was awarded in; it must be in force on awardedOn.' }) unitCode!: string;
  @Field(() => RecipientKind, { description: 'Collective or individual.' }) recipientKind!: RecipientKind;
  @Field(() => String, { description: 'The collective or person commended, 1–300 characters.' }) recipientName!: string;
  @Field(() => CommendationForm, { description: 'The form of commendation.' }) form!: CommendationForm;
  @Field(() => DateScalar, { description: 'The day it was awarded: not in the future.' }) awardedOn!: string;
  @Field(() => String, { description: 'What it was awarded for, 1–2000 characters.' }) reason!: string;
  @Field(() => String, { nullable: true, description: 'Who awarded it; by default the body that gives this form (e.g. “Công an tỉnh Thái Bình”).' }) awardingBody?: string | null;
  @Field(() => ID, { nullable: true, description: 'The self-management model commended, if any: it must lie in the unit.' }) modelId?: string | null;
}

/** The body that gives a form, on the date (the province became Hưng Yên on 2025-07-01; districts ended then). */
function defaultAwardingBody(ctx: Context, form: CommendationForm, unit: AdminUnitNode, on: string): string {
  const province = ctx.gazetteer.forPeriod(undefined, { asOf: on }).name.replace(/^Tỉnh /, '');
  switch (form) {
    case CommendationForm.MINISTRY_CERTIFICATE: return 'Bộ Công an';
    case CommendationForm.PROVINCE_CERTIFICATE: return `UBND tỉnh ${province}`;
    case CommendationForm.DISTRICT_CERTIFICATE: {
      const district = unit.level === UnitLevel.DISTRICT ? unit : unit.parentCode ? ctx.gazetteer.at(unit.parentCode, on) : null;
      if (!district || district.level !== UnitLevel.DISTRICT) throw fieldError('awardingBody', 'REQUIRED', `A district certificate needs a district: ${unit.name} had none on ${on}. Give awardingBody.`);
      return `UBND ${district.name.replace(/^(Huyện|Thành phố|Thị xã)/, (k) => k.toLowerCase())}`;
    }
    default: return `Công an tỉnh ${province}`;
  }
}

@Resolver()
export class AwardCommendationResolver {
  @Mutation(() => Commendation, { description: 'Records a commendation (officers in their units, admins anywhere). The write, its audit entry and its change-feed row commit together.' })
  async awardCommendation(@Ctx() ctx: Context, @Arg('input', () => AwardCommendationInput, { description: 'The commendation.' }) input: AwardCommendationInput): Promise<Commendation> {
    requireWriter(ctx, 'record commendations');
    notInFuture(input.awardedOn, 'awardedOn');
    const unit = ctx.gazetteer.find(input.unitCode.trim(), input.awardedOn);
    const atom = ctx.gazetteer.seat(unit.versionId)!;
    requireCovers(ctx, unit, atom, input.awardedOn);
    const row = {
      unitId: unit.versionId, atomId: atom, recipientKind: input.recipientKind, form: input.form, awardedOn: input.awardedOn,
      recipientName: cleanText(input.recipientName, 'recipientName', 300),
      reason: cleanText(input.reason, 'reason', 2000),
      awardingBody: input.awardingBody ? cleanText(input.awardingBody, 'awardingBody', 200) : defaultAwardingBody(ctx, input.form, unit, input.awardedOn),
      modelId: null as number | null,
    };
    if (input.modelId) row.modelId = await modelOfUnit(ctx, input.modelId, unit);
    const id = await writeAudited(ctx, 'awardCommendation', 'commendation', async (trx) => {
      const { rows } = await runSql(trx,
        `insert into commendation (unit_id, atom_id, sample, recipient_kind, recipient_name, awarding_body, form, awarded_on, reason, model_id)
         values (:unitId, :atomId, false, :recipientKind, :recipientName, :awardingBody, :form, :awardedOn, :reason, :modelId)
         returning id, unit_id, atom_id, recipient_kind, recipient_name, awarding_body, form, awarded_on::text, reason, model_id`,
        row,
      );
      return { before: null, after: rows[0] };
    });
    const [created] = await recordsById(ctx, commendationKind as never, [id]);
    return created as Commendation;
  }
}
