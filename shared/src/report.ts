import { SeizureItem } from './vocabulary';

/** The yearly movement report's figures, with their Vietnamese and English labels. */
export const reportFigures = {
  selfManagementModels: { vi: 'Mô hình tự phòng, tự quản, tự bảo vệ', en: 'Self-management models' },
  crimeReportMailboxes: { vi: 'Hòm thư tố giác tội phạm', en: 'Crime-report mailboxes' },
  communityCovidTeams: { vi: 'Tổ Covid-19 cộng đồng', en: 'Community COVID-19 teams' },
  outreachSessions: { vi: 'Cuộc tuyên truyền', en: 'Outreach sessions' },
  outreachAttendances: { vi: 'Lượt người dự tuyên truyền', en: 'Outreach attendances' },
  postersAndBanners: { vi: 'Pa nô, áp phích, khẩu hiệu', en: 'Posters and banners' },
  leaflets: { vi: 'Tờ rơi', en: 'Leaflets' },
  mediaReports: { vi: 'Tin, bài, phóng sự', en: 'Media reports' },
  valuableTips: { vi: 'Nguồn tin có giá trị', en: 'Valuable tips' },
  incidentsUncovered: { vi: 'Vụ việc phát hiện', en: 'Incidents uncovered' },
  peopleUnderCommunityEducation: { vi: 'Đưa vào diện quản lý, giáo dục tại cộng đồng', en: 'Placed under community education' },
  peopleProgressed: { vi: 'Tiến bộ, đưa ra khỏi diện quản lý', en: 'Progressed and released' },
  householdCommitmentRate: { vi: 'Tỷ lệ hộ ký cam kết', en: 'Household commitment rate' },
} as const;

export const seizureItemLabels: Record<SeizureItem, { vi: string; en: string }> = {
  [SeizureItem.GUN]: { vi: 'Súng các loại', en: 'Guns' },
  [SeizureItem.AMMUNITION]: { vi: 'Viên đạn', en: 'Rounds of ammunition' },
  [SeizureItem.EXPLOSIVE_ORDNANCE]: { vi: 'Bom, mìn, lựu đạn, đầu đạn', en: 'Bombs, mines, grenades, warheads' },
  [SeizureItem.EXPLOSIVES]: { vi: 'Thuốc nổ', en: 'Explosives' },
  [SeizureItem.DETONATOR]: { vi: 'Kíp nổ', en: 'Detonators' },
  [SeizureItem.SUPPORT_TOOL]: { vi: 'Công cụ hỗ trợ', en: 'Support tools' },
  [SeizureItem.PRIMITIVE_WEAPON]: { vi: 'Vũ khí thô sơ', en: 'Primitive weapons' },
  [SeizureItem.FIRECRACKERS]: { vi: 'Pháo', en: 'Firecrackers' },
  [SeizureItem.FIRECRACKER_POWDER]: { vi: 'Thuốc pháo', en: 'Firecracker powder' },
};

/**
 * The eight places the 2021 report names as exemplary in winning over and
 * educating people who had erred, by their 2008-division unit (its territory is
 * one geography atom, so the place can be found on any later map).
 */
export const exemplaryPlaces = [
  { atom: '12778', name: 'Xã Hồng Châu', district: 'Huyện Đông Hưng' },
  { atom: '12859', name: 'Xã Thụy Văn', district: 'Huyện Thái Thụy' },
  { atom: '12937', name: 'Xã Thái Hưng', district: 'Huyện Thái Thụy' },
  { atom: '13186', name: 'Xã Bình Định', district: 'Huyện Kiến Xương' },
  { atom: '13168', name: 'Xã Minh Hưng', district: 'Huyện Kiến Xương' },
  { atom: '12559', name: 'Xã An Mỹ', district: 'Huyện Quỳnh Phụ' },
  { atom: '12526', name: 'Xã An Ấp', district: 'Huyện Quỳnh Phụ' },
  { atom: '12442', name: 'Phường Kỳ Bá', district: 'Thành phố Thái Bình' },
] as const;

/** The year of the report that names the exemplary places. */
export const exemplaryYear = 2021;

const inSentence = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

/** What a place's panel says of it: the report's words, in Vietnamese and English. */
export function exemplaryNote(place: (typeof exemplaryPlaces)[number]): { vi: string; en: string } {
  const where = `${inSentence(place.name)} (${inSentence(place.district)})`;
  return {
    vi: `Báo cáo năm ${exemplaryYear} nêu ${where} là điển hình trong cảm hóa, giáo dục người thuộc diện quản lý, giáo dục tại cộng đồng, giúp họ tiến bộ, trở thành công dân có ích.`,
    en: `The ${exemplaryYear} report names ${place.name} (${place.district}) as exemplary in winning over and educating people under community education, helping them progress and become useful citizens.`,
  };
}
