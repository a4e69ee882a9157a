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
  TipChannel,
  UnitKind,
  UnitLevel,
} from './vocabulary';
import { seizureItemLabels } from './report';
import { roleLabels } from './access';

export interface Label {
  vi: string;
  en: string;
}

/** Vietnamese and English labels of every vocabulary value: the UI shows them, the API documents with them. */
export const labels = {
  Role: roleLabels,
  UnitLevel: {
    [UnitLevel.PROVINCE]: { vi: 'Tỉnh', en: 'Province' },
    [UnitLevel.DISTRICT]: { vi: 'Huyện, thành phố thuộc tỉnh', en: 'District or provincial city' },
    [UnitLevel.COMMUNE]: { vi: 'Xã, phường, thị trấn', en: 'Commune, ward or township' },
  },
  UnitKind: {
    [UnitKind.PROVINCE]: { vi: 'Tỉnh', en: 'Province' },
    [UnitKind.CITY]: { vi: 'Thành phố thuộc tỉnh', en: 'Provincial city' },
    [UnitKind.DISTRICT]: { vi: 'Huyện', en: 'Rural district' },
    [UnitKind.COMMUNE]: { vi: 'Xã', en: 'Commune' },
    [UnitKind.WARD]: { vi: 'Phường', en: 'Ward' },
    [UnitKind.TOWNSHIP]: { vi: 'Thị trấn', en: 'Township' },
  },
  ModelKind: {
    [ModelKind.SELF_MANAGED_RESIDENTIAL_AREA]: { vi: 'Khu dân cư tự quản về ANTT', en: 'Self-managed residential area' },
    [ModelKind.SECURITY_PATROL]: { vi: 'Tổ tự quản, tuần tra ANTT', en: 'Security patrol' },
    [ModelKind.HERITAGE_SITE_SELF_MANAGEMENT]: { vi: 'Tự quản ANTT tại di tích', en: 'Self-management at a heritage site' },
    [ModelKind.CAMERA_SURVEILLANCE]: { vi: 'Camera giám sát an ninh trật tự', en: 'Camera surveillance' },
    [ModelKind.DRUG_PREVENTION]: { vi: 'Phòng, chống ma túy', en: 'Drug prevention' },
    [ModelKind.FIRE_SAFETY]: { vi: 'Liên gia an toàn phòng cháy, chữa cháy', en: 'Fire safety' },
    [ModelKind.TRAFFIC_SAFETY]: { vi: 'An toàn giao thông', en: 'Traffic safety' },
    [ModelKind.REINTEGRATION_SUPPORT]: { vi: 'Cảm hóa, giáo dục người lầm lỗi', en: 'Support for reintegration' },
    [ModelKind.CONFLICT_MEDIATION]: { vi: 'Hòa giải ở cơ sở', en: 'Conflict mediation' },
    [ModelKind.SAFE_ENTERPRISE]: { vi: 'Doanh nghiệp an toàn về ANTT', en: 'Enterprise safe for security and order' },
    [ModelKind.SAFE_SCHOOL]: { vi: 'Trường học an toàn về ANTT', en: 'School safe for security and order' },
  },
  ModelHost: {
    [ModelHost.VILLAGE]: { vi: 'Thôn, xóm', en: 'Village' },
    [ModelHost.RESIDENTIAL_GROUP]: { vi: 'Tổ dân phố', en: 'Residential group' },
    [ModelHost.COMMUNE]: { vi: 'Xã, phường, thị trấn', en: 'Commune' },
    [ModelHost.AGENCY]: { vi: 'Cơ quan', en: 'Agency' },
    [ModelHost.ENTERPRISE]: { vi: 'Doanh nghiệp', en: 'Enterprise' },
    [ModelHost.SCHOOL]: { vi: 'Cơ sở giáo dục', en: 'School' },
  },
  Organisation: {
    [Organisation.POLICE]: { vi: 'Công an', en: 'Police' },
    [Organisation.FATHERLAND_FRONT]: { vi: 'Mặt trận Tổ quốc', en: 'Fatherland Front' },
    [Organisation.WOMEN_UNION]: { vi: 'Hội Liên hiệp Phụ nữ', en: 'Women’s Union' },
    [Organisation.YOUTH_UNION]: { vi: 'Đoàn Thanh niên', en: 'Youth Union' },
    [Organisation.FARMERS_UNION]: { vi: 'Hội Nông dân', en: 'Farmers’ Union' },
    [Organisation.VETERANS_ASSOCIATION]: { vi: 'Hội Cựu chiến binh', en: 'Veterans’ Association' },
    [Organisation.ELDERLY_ASSOCIATION]: { vi: 'Hội Người cao tuổi', en: 'Association of the Elderly' },
    [Organisation.MILITIA]: { vi: 'Dân quân', en: 'Militia' },
  },
  MailboxHost: {
    [MailboxHost.COMMUNE_OFFICE]: { vi: 'Trụ sở UBND xã', en: 'Commune office' },
    [MailboxHost.POLICE_STATION]: { vi: 'Trụ sở Công an', en: 'Police station' },
    [MailboxHost.VILLAGE_HALL]: { vi: 'Nhà văn hóa thôn, tổ dân phố', en: 'Village hall' },
    [MailboxHost.SCHOOL]: { vi: 'Trường học', en: 'School' },
    [MailboxHost.ENTERPRISE]: { vi: 'Doanh nghiệp', en: 'Enterprise' },
    [MailboxHost.MARKET]: { vi: 'Chợ', en: 'Market' },
  },
  OutreachKind: {
    [OutreachKind.SESSION]: { vi: 'Cuộc tuyên truyền', en: 'Outreach session' },
    [OutreachKind.POSTERS_AND_BANNERS]: { vi: 'Pa nô, áp phích, khẩu hiệu', en: 'Posters and banners' },
    [OutreachKind.LEAFLETS]: { vi: 'Tờ rơi', en: 'Leaflets' },
    [OutreachKind.MEDIA_REPORT]: { vi: 'Tin, bài, phóng sự', en: 'Media reports' },
  },
  TipChannel: {
    [TipChannel.MAILBOX]: { vi: 'Hòm thư tố giác', en: 'Crime-report mailbox' },
    [TipChannel.HOTLINE]: { vi: 'Đường dây nóng', en: 'Hotline' },
    [TipChannel.IN_PERSON]: { vi: 'Trực tiếp', en: 'In person' },
    [TipChannel.SELF_MANAGEMENT_MODEL]: { vi: 'Qua mô hình tự quản', en: 'Through a self-management model' },
  },
  IncidentCategory: {
    [IncidentCategory.DRUGS]: { vi: 'Ma túy', en: 'Drugs' },
    [IncidentCategory.THEFT]: { vi: 'Trộm cắp', en: 'Theft' },
    [IncidentCategory.GAMBLING]: { vi: 'Cờ bạc', en: 'Gambling' },
    [IncidentCategory.ASSAULT]: { vi: 'Cố ý gây thương tích', en: 'Assault' },
    [IncidentCategory.FRAUD]: { vi: 'Lừa đảo', en: 'Fraud' },
    [IncidentCategory.WEAPONS_AND_EXPLOSIVES]: { vi: 'Vũ khí, vật liệu nổ', en: 'Weapons and explosives' },
    [IncidentCategory.PUBLIC_ORDER]: { vi: 'Gây rối trật tự công cộng', en: 'Public disorder' },
    [IncidentCategory.OTHER]: { vi: 'Khác', en: 'Other' },
  },
  MeasureUnit: {
    [MeasureUnit.PIECE]: { vi: 'Chiếc, khẩu, quả', en: 'Pieces' },
    [MeasureUnit.ROUND]: { vi: 'Viên', en: 'Rounds' },
    [MeasureUnit.KILOGRAM]: { vi: 'Kilôgam', en: 'Kilograms' },
  },
  SeizureItem: seizureItemLabels,
  RecipientKind: {
    [RecipientKind.COLLECTIVE]: { vi: 'Tập thể', en: 'Collective' },
    [RecipientKind.INDIVIDUAL]: { vi: 'Cá nhân', en: 'Individual' },
  },
  CommendationForm: {
    [CommendationForm.MINISTRY_CERTIFICATE]: { vi: 'Bằng khen của Bộ Công an', en: 'Certificate of merit from the Ministry of Public Security' },
    [CommendationForm.PROVINCE_CERTIFICATE]: { vi: 'Bằng khen của UBND tỉnh', en: 'Certificate of merit from the provincial People’s Committee' },
    [CommendationForm.POLICE_DIRECTOR_CERTIFICATE]: { vi: 'Giấy khen của Giám đốc Công an tỉnh', en: 'Certificate from the provincial police director' },
    [CommendationForm.DISTRICT_CERTIFICATE]: { vi: 'Giấy khen của UBND huyện', en: 'Certificate from the district People’s Committee' },
    [CommendationForm.LETTER_OF_COMMENDATION]: { vi: 'Thư khen', en: 'Letter of commendation' },
  },
  CaseOutcome: {
    [CaseOutcome.PROGRESSED]: { vi: 'Tiến bộ, đưa ra khỏi diện quản lý', en: 'Progressed and released' },
    [CaseOutcome.REOFFENDED]: { vi: 'Tái phạm', en: 'Reoffended' },
    [CaseOutcome.TRANSFERRED]: { vi: 'Chuyển nơi cư trú hoặc biện pháp khác', en: 'Moved away or to another measure' },
  },
  CommitmentTopic: {
    [CommitmentTopic.COVID_PREVENTION]: { vi: 'Phòng, chống dịch Covid-19', en: 'COVID-19 prevention' },
    [CommitmentTopic.SECURITY_AND_ORDER]: { vi: 'Bảo đảm an ninh trật tự', en: 'Security and order' },
  },
} satisfies Record<string, Record<string, Label>>;
