import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
import {
  CaseOutcome,
  CommendationForm,
  CommitmentTopic,
  IncidentCategory,
  MailboxHost,
  MeasureUnit,
  ModelHost,
  ModelKind,
  Organisation,
  OutreachKind,
  RecipientKind,
  SeizureItem,
  TipChannel,
  type Geometry,
} from '@anbinh/shared';
import { GeometryType } from '../geometry';
import { Fact } from './fact';

/** A self-management ("patrol") model: mô hình tự phòng, tự quản, tự bảo vệ. */
@Entity()
@Index({ properties: ['establishedOn', 'id'] })
@Index({ name: 'security_model_name_c_id_index', expression: 'create index "security_model_name_c_id_index" on "security_model" ("name" collate "C", "id")' })
export class SecurityModel extends Fact {
  @Property({ type: 'string', length: 300 })
  name!: string;

  @Enum({ items: () => ModelKind, nativeEnumName: 'model_kind' })
  kind!: ModelKind;

  @Enum({ items: () => ModelHost, nativeEnumName: 'model_host' })
  host!: ModelHost;

  @Enum({ items: () => Organisation, array: true, nativeEnumName: 'organisation' })
  organisations: Organisation[] = [];

  @Property({ type: 'date' })
  establishedOn!: string;

  @Property({ type: 'date', nullable: true })
  dissolvedOn?: string | null;

  /** Điển hình tiên tiến: held up as an example. */
  @Property({ type: 'boolean', default: false })
  exemplary: boolean = false;

  /** A point (the model's seat) or an area (the site it guards); optional. */
  @Property({ type: new GeometryType('Geometry'), nullable: true, ignoreSchemaChanges: ['type'] })
  @Index({ name: 'security_model_location_gist', expression: 'create index "security_model_location_gist" on "security_model" using gist ("location")' })
  location?: Geometry | null;
}

/** A camera-surveillance site (mô hình "Camera giám sát an ninh trật tự"). */
@Entity()
@Index({ properties: ['installedOn', 'id'] })
@Index({ name: 'camera_site_name_c_id_index', expression: 'create index "camera_site_name_c_id_index" on "camera_site" ("name" collate "C", "id")' })
export class CameraSite extends Fact {
  @Property({ type: 'string', length: 300 })
  name!: string;

  @Property({ type: 'smallint', default: 1 })
  cameraCount: number = 1;

  @ManyToOne(() => SecurityModel, { nullable: true })
  @Index()
  model?: SecurityModel | null;

  @Property({ type: 'date' })
  installedOn!: string;

  @Property({ type: 'date', nullable: true })
  removedOn?: string | null;

  @Property({ type: new GeometryType('Point'), ignoreSchemaChanges: ['type'] })
  @Index({ name: 'camera_site_location_gist', expression: 'create index "camera_site_location_gist" on "camera_site" using gist ("location")' })
  location!: Geometry;
}

/** A crime-report mailbox (hòm thư tố giác tội phạm). */
@Entity()
@Index({ properties: ['installedOn', 'id'] })
export class ReportMailbox extends Fact {
  @Enum({ items: () => MailboxHost, nativeEnumName: 'mailbox_host' })
  host!: MailboxHost;

  @Property({ type: 'date' })
  installedOn!: string;

  @Property({ type: 'date', nullable: true })
  removedOn?: string | null;

  @Property({ type: new GeometryType('Point'), ignoreSchemaChanges: ['type'] })
  @Index({ name: 'report_mailbox_location_gist', expression: 'create index "report_mailbox_location_gist" on "report_mailbox" using gist ("location")' })
  location!: Geometry;
}

/** A community COVID-19 team (tổ Covid-19 cộng đồng). */
@Entity()
@Index({ properties: ['formedOn', 'id'] })
@Index({ name: 'covid_team_name_c_id_index', expression: 'create index "covid_team_name_c_id_index" on "covid_team" ("name" collate "C", "id")' })
export class CovidTeam extends Fact {
  @Property({ type: 'string', length: 300 })
  name!: string;

  @Property({ type: 'smallint' })
  members!: number;

  @Property({ type: 'date' })
  formedOn!: string;

  @Property({ type: 'date', nullable: true })
  disbandedOn?: string | null;
}

/** An outreach activity: a session (with its attendance) or a batch of posters, leaflets or media reports. */
@Entity()
@Index({ properties: ['heldOn', 'id'] })
@Index({
  name: 'outreach_activity_topic_c_id_index',
  expression: 'create index "outreach_activity_topic_c_id_index" on "outreach_activity" ("topic" collate "C", "id")',
})
export class OutreachActivity extends Fact {
  @Enum({ items: () => OutreachKind, nativeEnumName: 'outreach_kind' })
  kind!: OutreachKind;

  @Property({ type: 'date' })
  heldOn!: string;

  /** Sessions count 1; otherwise the number of posters, leaflets or reports. */
  @Property({ type: 'integer', default: 1 })
  quantity: number = 1;

  @Property({ type: 'integer', nullable: true })
  attendance?: number | null;

  @Property({ type: 'string', length: 300 })
  topic!: string;
}

/** A valuable tip (nguồn tin có giá trị) given to the police. */
@Entity()
@Index({ properties: ['receivedOn', 'id'] })
export class ValuableTip extends Fact {
  @Property({ type: 'date' })
  receivedOn!: string;

  @Enum({ items: () => TipChannel, nativeEnumName: 'tip_channel' })
  channel!: TipChannel;

  @ManyToOne(() => ReportMailbox, { nullable: true })
  mailbox?: ReportMailbox | null;
}

/** An incident or case (vụ việc) uncovered, often thanks to a tip. */
@Entity()
@Index({ properties: ['uncoveredOn', 'id'] })
export class Incident extends Fact {
  @Property({ type: 'date' })
  uncoveredOn!: string;

  @Enum({ items: () => IncidentCategory, nativeEnumName: 'incident_category' })
  category!: IncidentCategory;

  @ManyToOne(() => ValuableTip, { nullable: true })
  tip?: ValuableTip | null;
}

/** Weapons, explosives or firecrackers seized (thu hồi). */
@Entity()
@Index({ properties: ['seizedOn', 'id'] })
export class Seizure extends Fact {
  @Property({ type: 'date' })
  seizedOn!: string;

  @Enum({ items: () => SeizureItem, nativeEnumName: 'seizure_item' })
  item!: SeizureItem;

  @Property({ type: 'decimal', precision: 12, scale: 3 })
  quantity!: string;

  @Enum({ items: () => MeasureUnit, nativeEnumName: 'measure_unit' })
  measure!: MeasureUnit;
}

/**
 * A person placed under community education. Pseudonymous by design: only an
 * opaque reference is stored, never a name or any personal field.
 */
@Entity()
@Index({ properties: ['placedOn', 'id'] })
export class CommunityEducationCase extends Fact {
  @Property({ type: 'string', length: 40 })
  @Index()
  reference!: string;

  @Property({ type: 'date' })
  placedOn!: string;

  @Property({ type: 'date', nullable: true })
  @Index()
  releasedOn?: string | null;

  @Enum({ items: () => CaseOutcome, nativeEnumName: 'case_outcome', nullable: true })
  outcome?: CaseOutcome | null;
}

/** A commendation (khen thưởng) of a collective or an individual. */
@Entity()
@Index({ properties: ['awardedOn', 'id'] })
@Index({
  name: 'commendation_recipient_name_c_id_index',
  expression: 'create index "commendation_recipient_name_c_id_index" on "commendation" ("recipient_name" collate "C", "id")',
})
export class Commendation extends Fact {
  @Enum({ items: () => RecipientKind, nativeEnumName: 'recipient_kind' })
  recipientKind!: RecipientKind;

  @Property({ type: 'string', length: 300 })
  recipientName!: string;

  @Property({ type: 'string', length: 200 })
  awardingBody!: string;

  @Enum({ items: () => CommendationForm, nativeEnumName: 'commendation_form' })
  form!: CommendationForm;

  @Property({ type: 'date' })
  awardedOn!: string;

  @Property({ type: 'text' })
  reason!: string;

  @ManyToOne(() => SecurityModel, { nullable: true })
  model?: SecurityModel | null;
}

/** How many households of a commune signed a commitment in a year. */
@Entity()
@Index({
  name: 'household_commitment_year_start_id_index',
  expression: 'create index "household_commitment_year_start_id_index" on "household_commitment" (make_date("year", 1, 1), "id")',
})
export class HouseholdCommitment extends Fact {
  @Property({ type: 'smallint' })
  @Index()
  year!: number;

  @Enum({ items: () => CommitmentTopic, nativeEnumName: 'commitment_topic' })
  topic!: CommitmentTopic;

  @Property({ type: 'integer' })
  households!: number;

  @Property({ type: 'integer' })
  committed!: number;
}
