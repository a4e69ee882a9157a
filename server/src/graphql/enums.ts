import { registerEnumType } from 'type-graphql';
import {
  CommendationForm, CommitmentTopic, IncidentCategory, MailboxHost, MeasureUnit, ModelHost, ModelKind, Organisation, OutreachKind,
  RecipientKind, SeizureItem, TipChannel, UnitKind, UnitLevel,
} from '@anbinh/shared';

registerEnumType(UnitLevel, { name: 'UnitLevel', description: 'Province (tỉnh), district (huyện, thành phố) or commune (xã, phường, thị trấn).' });
registerEnumType(UnitKind, { name: 'UnitKind', description: 'The kind of unit within its level.' });
registerEnumType(SeizureItem, { name: 'SeizureItem', description: 'Weapons, explosives and firecrackers seized, as the provincial report lists them.' });
registerEnumType(MeasureUnit, { name: 'MeasureUnit', description: 'The unit a seized quantity is counted in.' });

registerEnumType(ModelKind, { name: 'ModelKind', description: 'Kinds of self-management (tự phòng, tự quản, tự bảo vệ) model.' });
registerEnumType(ModelHost, { name: 'ModelHost', description: 'Where a model is rooted: village, residential group, commune, agency, enterprise or school.' });
registerEnumType(Organisation, { name: 'Organisation', description: 'The police and the Fatherland Front with its member organisations.' });
registerEnumType(MailboxHost, { name: 'MailboxHost', description: 'Where a crime-report mailbox hangs.' });
registerEnumType(OutreachKind, { name: 'OutreachKind', description: 'Outreach (tuyên truyền): sessions, posters and banners, leaflets, media reports.' });
registerEnumType(TipChannel, { name: 'TipChannel', description: 'How a valuable tip reached the police.' });
registerEnumType(IncidentCategory, { name: 'IncidentCategory', description: 'What an uncovered incident was about.' });
registerEnumType(RecipientKind, { name: 'RecipientKind', description: 'A collective (tập thể) or an individual (cá nhân).' });
registerEnumType(CommendationForm, { name: 'CommendationForm', description: 'Forms of commendation, from the highest.' });
registerEnumType(CommitmentTopic, { name: 'CommitmentTopic', description: 'What households signed a commitment to.' });
