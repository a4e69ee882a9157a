import { registerEnumType } from 'type-graphql';
import {
  CaseOutcome,
  CommendationForm,
  CommitmentTopic,
  IncidentCategory,
  labels,
  MailboxHost,
  MeasureUnit,
  ModelHost,
  ModelKind,
  Organisation,
  OutreachKind,
  RecipientKind,
  Role,
  SeizureItem,
  TipChannel,
  UnitKind,
  UnitLevel,
  type Label,
} from '@anbinh/shared';

/** Registers a vocabulary enum, documenting each value with its English and Vietnamese labels. */
function register(values: Record<string, string>, name: keyof typeof labels, description: string): void {
  const valueLabels = labels[name] as Record<string, Label>;
  registerEnumType(values, {
    name,
    description,
    valuesConfig: Object.fromEntries(Object.keys(values).map((v) => [v, { description: `${valueLabels[v].en} (${valueLabels[v].vi}).` }])),
  });
}

register(UnitLevel, 'UnitLevel', 'Province (tỉnh), district (huyện, thành phố) or commune (xã, phường, thị trấn).');
register(UnitKind, 'UnitKind', 'The kind of unit within its level.');
register(SeizureItem, 'SeizureItem', 'Weapons, explosives and firecrackers seized, as the provincial report lists them.');
register(MeasureUnit, 'MeasureUnit', 'The unit a seized quantity is counted in.');
register(ModelKind, 'ModelKind', 'Kinds of self-management (tự phòng, tự quản, tự bảo vệ) model.');
register(ModelHost, 'ModelHost', 'Where a model is rooted: village, residential group, commune, agency, enterprise or school.');
register(Organisation, 'Organisation', 'The police and the Fatherland Front with its member organisations.');
register(MailboxHost, 'MailboxHost', 'Where a crime-report mailbox hangs.');
register(OutreachKind, 'OutreachKind', 'Outreach (tuyên truyền): sessions, posters and banners, leaflets, media reports.');
register(TipChannel, 'TipChannel', 'How a valuable tip reached the police.');
register(IncidentCategory, 'IncidentCategory', 'What an uncovered incident was about.');
register(RecipientKind, 'RecipientKind', 'A collective (tập thể) or an individual (cá nhân).');
register(CommendationForm, 'CommendationForm', 'Forms of commendation, from the highest.');
register(CommitmentTopic, 'CommitmentTopic', 'What households signed a commitment to.');
register(Role, 'Role', 'What a caller may read and write; tokens carry it in their role claim.');
register(CaseOutcome, 'CaseOutcome', 'How a community-education case ended.');
