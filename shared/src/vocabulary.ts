/** The administrative levels of Vietnam's local government. */
export enum UnitLevel {
  PROVINCE = 'PROVINCE',
  DISTRICT = 'DISTRICT',
  COMMUNE = 'COMMUNE',
}

/** The kind of unit within its level: tỉnh; thành phố / huyện; xã / phường / thị trấn. */
export enum UnitKind {
  PROVINCE = 'PROVINCE',
  CITY = 'CITY',
  DISTRICT = 'DISTRICT',
  COMMUNE = 'COMMUNE',
  WARD = 'WARD',
  TOWNSHIP = 'TOWNSHIP',
}

/** Vietnamese prefix of each unit kind, as GSO writes it in names. */
export const unitKindPrefix: Record<UnitKind, string> = {
  [UnitKind.PROVINCE]: 'Tỉnh',
  [UnitKind.CITY]: 'Thành phố',
  [UnitKind.DISTRICT]: 'Huyện',
  [UnitKind.COMMUNE]: 'Xã',
  [UnitKind.WARD]: 'Phường',
  [UnitKind.TOWNSHIP]: 'Thị trấn',
};

export function unitKindOfName(name: string): UnitKind {
  const entry = Object.entries(unitKindPrefix).find(([, prefix]) => name.startsWith(prefix + ' '));
  if (!entry) throw new Error(`Cannot tell the kind of unit from the name "${name}"`);
  return entry[0] as UnitKind;
}

export function levelOfKind(kind: UnitKind): UnitLevel {
  if (kind === UnitKind.PROVINCE) return UnitLevel.PROVINCE;
  if (kind === UnitKind.CITY || kind === UnitKind.DISTRICT) return UnitLevel.DISTRICT;
  return UnitLevel.COMMUNE;
}

/** What happened to a unit on a reorganisation date. */
export enum LineageEventKind {
  RENAME = 'RENAME',
  MERGE = 'MERGE',
  SPLIT = 'SPLIT',
  REFORM_2025 = 'REFORM_2025',
}

/** Kinds of self-management (tự phòng, tự quản, tự bảo vệ) model. */
export enum ModelKind {
  SELF_MANAGED_RESIDENTIAL_AREA = 'SELF_MANAGED_RESIDENTIAL_AREA',
  SECURITY_PATROL = 'SECURITY_PATROL',
  HERITAGE_SITE_SELF_MANAGEMENT = 'HERITAGE_SITE_SELF_MANAGEMENT',
  CAMERA_SURVEILLANCE = 'CAMERA_SURVEILLANCE',
  DRUG_PREVENTION = 'DRUG_PREVENTION',
  FIRE_SAFETY = 'FIRE_SAFETY',
  TRAFFIC_SAFETY = 'TRAFFIC_SAFETY',
  REINTEGRATION_SUPPORT = 'REINTEGRATION_SUPPORT',
  CONFLICT_MEDIATION = 'CONFLICT_MEDIATION',
  SAFE_ENTERPRISE = 'SAFE_ENTERPRISE',
  SAFE_SCHOOL = 'SAFE_SCHOOL',
}

/** Where a model is rooted. */
export enum ModelHost {
  VILLAGE = 'VILLAGE',
  RESIDENTIAL_GROUP = 'RESIDENTIAL_GROUP',
  COMMUNE = 'COMMUNE',
  AGENCY = 'AGENCY',
  ENTERPRISE = 'ENTERPRISE',
  SCHOOL = 'SCHOOL',
}

/** Police and the Fatherland Front with its member organisations. */
export enum Organisation {
  POLICE = 'POLICE',
  FATHERLAND_FRONT = 'FATHERLAND_FRONT',
  WOMEN_UNION = 'WOMEN_UNION',
  YOUTH_UNION = 'YOUTH_UNION',
  FARMERS_UNION = 'FARMERS_UNION',
  VETERANS_ASSOCIATION = 'VETERANS_ASSOCIATION',
  ELDERLY_ASSOCIATION = 'ELDERLY_ASSOCIATION',
  MILITIA = 'MILITIA',
}

/** Where a crime-report mailbox hangs. */
export enum MailboxHost {
  COMMUNE_OFFICE = 'COMMUNE_OFFICE',
  POLICE_STATION = 'POLICE_STATION',
  VILLAGE_HALL = 'VILLAGE_HALL',
  SCHOOL = 'SCHOOL',
  ENTERPRISE = 'ENTERPRISE',
  MARKET = 'MARKET',
}

/** Outreach (tuyên truyền) activity kinds. */
export enum OutreachKind {
  SESSION = 'SESSION',
  POSTERS_AND_BANNERS = 'POSTERS_AND_BANNERS',
  LEAFLETS = 'LEAFLETS',
  MEDIA_REPORT = 'MEDIA_REPORT',
}

/** How a valuable tip reached the police. */
export enum TipChannel {
  MAILBOX = 'MAILBOX',
  HOTLINE = 'HOTLINE',
  IN_PERSON = 'IN_PERSON',
  SELF_MANAGEMENT_MODEL = 'SELF_MANAGEMENT_MODEL',
}

/** What an uncovered incident was about. */
export enum IncidentCategory {
  DRUGS = 'DRUGS',
  THEFT = 'THEFT',
  GAMBLING = 'GAMBLING',
  ASSAULT = 'ASSAULT',
  FRAUD = 'FRAUD',
  WEAPONS_AND_EXPLOSIVES = 'WEAPONS_AND_EXPLOSIVES',
  PUBLIC_ORDER = 'PUBLIC_ORDER',
  OTHER = 'OTHER',
}

/** Units of measure for seized items. */
export enum MeasureUnit {
  PIECE = 'PIECE',
  ROUND = 'ROUND',
  KILOGRAM = 'KILOGRAM',
}

/** Seized items, in the order the provincial report lists them. */
export enum SeizureItem {
  GUN = 'GUN',
  AMMUNITION = 'AMMUNITION',
  EXPLOSIVE_ORDNANCE = 'EXPLOSIVE_ORDNANCE',
  EXPLOSIVES = 'EXPLOSIVES',
  DETONATOR = 'DETONATOR',
  SUPPORT_TOOL = 'SUPPORT_TOOL',
  PRIMITIVE_WEAPON = 'PRIMITIVE_WEAPON',
  FIRECRACKERS = 'FIRECRACKERS',
  FIRECRACKER_POWDER = 'FIRECRACKER_POWDER',
}

/** The unit each seized item is counted in. */
export const seizureMeasure: Record<SeizureItem, MeasureUnit> = {
  [SeizureItem.GUN]: MeasureUnit.PIECE,
  [SeizureItem.AMMUNITION]: MeasureUnit.ROUND,
  [SeizureItem.EXPLOSIVE_ORDNANCE]: MeasureUnit.PIECE,
  [SeizureItem.EXPLOSIVES]: MeasureUnit.KILOGRAM,
  [SeizureItem.DETONATOR]: MeasureUnit.PIECE,
  [SeizureItem.SUPPORT_TOOL]: MeasureUnit.PIECE,
  [SeizureItem.PRIMITIVE_WEAPON]: MeasureUnit.PIECE,
  [SeizureItem.FIRECRACKERS]: MeasureUnit.KILOGRAM,
  [SeizureItem.FIRECRACKER_POWDER]: MeasureUnit.KILOGRAM,
};

/** How a community-education case ended. */
export enum CaseOutcome {
  PROGRESSED = 'PROGRESSED',
  REOFFENDED = 'REOFFENDED',
  TRANSFERRED = 'TRANSFERRED',
}

export enum RecipientKind {
  COLLECTIVE = 'COLLECTIVE',
  INDIVIDUAL = 'INDIVIDUAL',
}

/** Forms of commendation, from the highest. */
export enum CommendationForm {
  MINISTRY_CERTIFICATE = 'MINISTRY_CERTIFICATE',
  PROVINCE_CERTIFICATE = 'PROVINCE_CERTIFICATE',
  POLICE_DIRECTOR_CERTIFICATE = 'POLICE_DIRECTOR_CERTIFICATE',
  DISTRICT_CERTIFICATE = 'DISTRICT_CERTIFICATE',
  LETTER_OF_COMMENDATION = 'LETTER_OF_COMMENDATION',
}

/** What households signed a commitment to. */
export enum CommitmentTopic {
  COVID_PREVENTION = 'COVID_PREVENTION',
  SECURITY_AND_ORDER = 'SECURITY_AND_ORDER',
}
