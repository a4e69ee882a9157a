import { Field, Float, Int, ObjectType } from 'type-graphql';
import { MeasureUnit, SeizureItem } from '@anbinh/shared';

@ObjectType({ description: 'What was seized in the period, in the unit the item is counted in.' })
export class SeizureTotal {
  @Field(() => SeizureItem, { description: 'What was seized.' }) item!: SeizureItem;
  @Field(() => Float, { description: 'How much, in `unit`.' }) quantity!: number;
  @Field(() => MeasureUnit, { description: 'Pieces, rounds or kilograms.' }) unit!: MeasureUnit;
}

@ObjectType({
  description:
    'A year of the movement in one unit, as the provincial police report it. Facts recorded against earlier or later units are rolled along lineage.',
})
export class MovementReport {
  @Field(() => Int, { description: 'Self-management models in operation at some time in the year.' }) selfManagementModels!: number;
  @Field(() => Int, { description: 'Crime-report mailboxes in place at some time in the year.' }) crimeReportMailboxes!: number;
  @Field(() => Int, { description: 'Community COVID-19 teams active at some time in the year.' }) communityCovidTeams!: number;
  @Field(() => Int, { description: 'Outreach sessions held (cuộc tuyên truyền).' }) outreachSessions!: number;
  @Field(() => Int, { description: 'People attending them (lượt người).' }) outreachAttendances!: number;
  @Field(() => Int, { description: 'Posters, banners and slogans put up (pa nô, áp phích, khẩu hiệu).' }) postersAndBanners!: number;
  @Field(() => Int, { description: 'Leaflets handed out (tờ rơi).' }) leaflets!: number;
  @Field(() => Int, { description: 'News items, articles and reports (tin, bài, phóng sự).' }) mediaReports!: number;
  @Field(() => Int, { description: 'Valuable tips received (nguồn tin có giá trị).' }) valuableTips!: number;
  @Field(() => Int, { description: 'Incidents uncovered (vụ việc).' }) incidentsUncovered!: number;
  @Field(() => [SeizureTotal], { description: 'Every item, in the report’s order; zero when none was seized.' }) seizures!: SeizureTotal[];
  @Field(() => Int, { nullable: true, description: 'People placed under community education in the year; null for the public when 1 or 2.' })
  peopleUnderCommunityEducation!: number | null;
  @Field(() => Int, {
    nullable: true,
    description: 'People who progressed and were released from community education in the year; null for the public when 1 or 2.',
  })
  peopleProgressed!: number | null;
  @Field(() => Float, { nullable: true, description: 'Share of households that signed a commitment, 0–1; null when none was recorded.' })
  householdCommitmentRate!: number | null;
}
