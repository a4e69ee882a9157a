import { createContext, useContext, useMemo } from 'react';
import { labels, type Label } from '@anbinh/shared';

export type Language = 'vi' | 'en';

/** Every sentence of the interface, Vietnamese first. Vocabulary values come from `labels` in shared. */
const messages = {
  appTitle: { vi: 'An Bình', en: 'An Bình' },
  appSubtitle: { vi: 'Phong trào toàn dân bảo vệ an ninh Tổ quốc — tỉnh Thái Bình', en: 'All-people movement for national security — Thái Bình province' },
  sampleData: {
    vi: 'Dữ liệu mẫu: số liệu tổng hợp để minh họa, không phải số liệu thật',
    en: 'Sample data: synthetic figures for illustration, not real records',
  },
  sampleBadge: { vi: 'Dữ liệu mẫu', en: 'Sample data' },
  sampleNote: { vi: 'số liệu tổng hợp để minh họa, không phải số liệu thật', en: 'synthetic figures for illustration, not real records' },
  language: { vi: 'English', en: 'Tiếng Việt' },
  languageLabel: { vi: 'Chuyển sang tiếng Anh', en: 'Switch to Vietnamese' },
  metric: { vi: 'Chỉ tiêu', en: 'Metric' },
  year: { vi: 'Năm', en: 'Year' },
  geography: { vi: 'Địa giới', en: 'Geography' },
  geographyAuto: { vi: 'Theo năm', en: 'By year' },
  search: { vi: 'Tìm địa phương', en: 'Find a place' },
  searchPlaceholder: { vi: 'Gõ tên, không cần dấu: ky ba, hong chau…', en: 'Type a name, accents optional: ky ba, hong chau…' },
  noMatches: { vi: 'Không tìm thấy địa phương nào', en: 'No place matches' },
  formerly: { vi: 'trước là', en: 'formerly' },
  layers: { vi: 'Lớp bản đồ', en: 'Map layers' },
  cameras: { vi: 'Điểm camera giám sát', en: 'Camera sites' },
  mailboxes: { vi: 'Hòm thư tố giác tội phạm', en: 'Crime-report mailboxes' },
  models: { vi: 'Mô hình tự quản', en: 'Self-management models' },
  namedModels: { vi: 'Mô hình được nêu trong báo cáo', en: 'Models named in the report' },
  heritage: { vi: 'Di tích', en: 'Heritage sites' },
  exemplaryPlaces: { vi: 'Điển hình cảm hóa, giáo dục (báo cáo 2021)', en: 'Exemplary places (2021 report)' },
  legend: { vi: 'Chú giải', en: 'Legend' },
  noData: { vi: 'Không có số liệu', en: 'No data' },
  districtBorders: { vi: 'Ranh giới huyện', en: 'District borders' },
  table: { vi: 'Bảng số liệu', en: 'Data table' },
  showTable: { vi: 'Xem bảng', en: 'Show table' },
  showMap: { vi: 'Xem bản đồ', en: 'Show map' },
  place: { vi: 'Địa phương', en: 'Place' },
  district: { vi: 'Huyện', en: 'District' },
  value: { vi: 'Giá trị', en: 'Value' },
  sortBy: { vi: 'Sắp xếp theo', en: 'Sort by' },
  exportPng: { vi: 'Tải ảnh bản đồ (PNG)', en: 'Download map (PNG)' },
  exportCsv: { vi: 'Tải bảng (CSV)', en: 'Download table (CSV)' },
  close: { vi: 'Đóng', en: 'Close' },
  loading: { vi: 'Đang tải…', en: 'Loading…' },
  failed: { vi: 'Không tải được dữ liệu', en: 'The data could not be loaded' },
  map: { vi: 'Bản đồ', en: 'Map' },
  mapDescription: {
    vi: 'Bản đồ các xã, phường, thị trấn tô màu theo chỉ tiêu đã chọn. Bảng số liệu bên dưới có cùng nội dung.',
    en: 'Map of the communes coloured by the chosen metric. The data table holds the same figures.',
  },
  level: { vi: 'Cấp', en: 'Level' },
  inForce: { vi: 'Hiệu lực', en: 'In force' },
  since: { vi: 'từ', en: 'since' },
  until: { vi: 'đến', en: 'until' },
  becameParts: { vi: 'Trở thành', en: 'Became' },
  formedFrom: { vi: 'Hình thành từ', en: 'Formed from' },
  formerNames: { vi: 'Tên cũ', en: 'Former names' },
  commendations: { vi: 'Khen thưởng', en: 'Commendations' },
  noCommendations: { vi: 'Chưa có khen thưởng trong năm', en: 'No commendations this year' },
  rehabilitation: { vi: 'Cảm hóa, giáo dục người lầm lỗi', en: 'Rehabilitation successes' },
  placed: { vi: 'Đưa vào diện quản lý', en: 'Placed' },
  progressed: { vi: 'Tiến bộ, đưa ra khỏi diện', en: 'Progressed' },
  successRate: { vi: 'Tỷ lệ thành công', en: 'Success rate' },
  trend: { vi: 'Diễn biến theo năm', en: 'Trend by year' },
  securityModels: { vi: 'Mô hình tự quản', en: 'Self-management models' },
  cameraSites: { vi: 'Điểm camera', en: 'Camera sites' },
  reportMailboxes: { vi: 'Hòm thư tố giác', en: 'Mailboxes' },
  exemplary: { vi: 'điển hình', en: 'exemplary' },
  exemplaryIn: { vi: 'Điển hình tiên tiến (báo cáo năm {year}):', en: 'Exemplary ({year} report):' },
  more: { vi: 'và {n} khác', en: 'and {n} more' },
  recordPeriod: { vi: 'Từ {from} đến {to}', en: 'From {from} to {to}' },
  ongoing: { vi: 'nay', en: 'now' },
  recordGone: { vi: 'Không còn bản ghi này, hoặc bạn không có quyền xem.', en: 'This record no longer exists, or you may not read it.' },
  routeLength: { vi: '{km} km', en: '{km} km' },
  noneListed: { vi: 'Chưa có', en: 'None' },
  notOnThisMap: {
    vi: 'Đơn vị này có hiệu lực từ {from} đến {to}, không có trên bản đồ đang xem. Xem đơn vị tương ứng:',
    en: 'This unit was in force from {from} to {to}, not on the map shown. See the matching unit:',
  },
  suppressed: {
    vi: 'Số người từ 1 đến 2 không hiển thị công khai, để không lộ danh tính (đăng nhập để xem).',
    en: 'Counts of 1 or 2 people are not shown publicly, so no one can be identified (sign in to see them).',
  },
  signIn: { vi: 'Đăng nhập', en: 'Sign in' },
  signOut: { vi: 'Đăng xuất', en: 'Sign out' },
  username: { vi: 'Tên đăng nhập', en: 'Username' },
  password: { vi: 'Mật khẩu', en: 'Password' },
  cancel: { vi: 'Hủy', en: 'Cancel' },
  role: { vi: 'vai trò', en: 'role' },
  awardTitle: { vi: 'Ghi nhận khen thưởng', en: 'Record a commendation' },
  recipientKind: { vi: 'Đối tượng', en: 'Recipient' },
  recipientName: { vi: 'Tên tập thể, cá nhân', en: 'Name of the collective or person' },
  form: { vi: 'Hình thức', en: 'Form' },
  awardedOn: { vi: 'Ngày khen thưởng', en: 'Awarded on' },
  reason: { vi: 'Lý do, thành tích', en: 'Reason' },
  save: { vi: 'Lưu', en: 'Save' },
  saved: { vi: 'Đã ghi nhận khen thưởng.', en: 'The commendation was recorded.' },
  caseTitle: { vi: 'Ghi nhận kết quả giáo dục tại cộng đồng', en: 'Record how a community-education case ended' },
  caseReference: { vi: 'Hồ sơ (mã bí danh)', en: 'Case (pseudonymous reference)' },
  caseOutcome: { vi: 'Kết quả', en: 'Outcome' },
  releasedOn: { vi: 'Ngày kết thúc', en: 'Ended on' },
  caseSaved: { vi: 'Đã ghi nhận kết quả.', en: 'The outcome was recorded.' },
  openInIde: { vi: 'Xem dữ liệu này trong GraphQL IDE', en: 'See this data in the GraphQL IDE' },
  inYear: { vi: 'năm {year}', en: 'in {year}' },
  total: { vi: 'Tổng', en: 'Total' },
  resetView: { vi: 'Về toàn tỉnh', en: 'Whole province' },
  zoomIn: { vi: 'Phóng to', en: 'Zoom in' },
  zoomOut: { vi: 'Thu nhỏ', en: 'Zoom out' },
  credits: { vi: 'Nguồn bản đồ', en: 'Map credits' },
  under: { vi: 'dưới', en: 'under' },
  withheld: { vi: 'Không công bố: dưới 3 người, để không lộ danh tính', en: 'Withheld: fewer than 3 people, so no one can be identified' },
  notApplicable: { vi: 'Không áp dụng: không có ai để tính tỷ lệ', en: 'Not applicable: no one to compute a rate over' },
  quantileClasses: { vi: 'Phân lớp theo phân vị của năm này', en: 'This year’s quantiles' },
  howComputed: { vi: 'Cách tính', en: 'How it is computed' },
  percentagePoints: { vi: 'điểm %', en: 'percentage points' },
  sinceYear: { vi: 'so với {year}', en: 'since {year}' },
  compareWith: { vi: 'So với năm', en: 'Change since' },
  noComparison: { vi: 'Không so sánh', en: 'No comparison' },
  changeDifference: { vi: 'Hiệu số', en: 'Difference' },
  changeRatio: { vi: 'Tỷ số', en: 'Ratio' },
  timeline: { vi: 'Thời gian', en: 'Timeline' },
  play: { vi: 'Chạy qua các năm', en: 'Play through the years' },
  pause: { vi: 'Dừng', en: 'Pause' },
  levelLabel: { vi: 'Cấp hiển thị', en: 'Map level' },
  levelCommune: { vi: 'Xã, phường, thị trấn', en: 'Communes' },
  levelDistrict: { vi: 'Huyện, thành phố', en: 'Districts' },
  communesOf: { vi: 'Các xã, phường của {name}', en: 'Communes of {name}' },
  changeFrom: { vi: 'so với năm {year}', en: 'change from {year}' },
  valuableTips: { vi: 'Nguồn tin có giá trị', en: 'Valuable tips' },
  incidentsUncovered: { vi: 'Vụ việc phát hiện', en: 'Incidents uncovered' },
  wholeProvince: { vi: 'Toàn tỉnh', en: 'Whole province' },
  rank: { vi: 'Hạng', en: 'Rank' },
  change: { vi: 'Thay đổi', en: 'Change' },
  districtSubtotals: { vi: 'Theo huyện (chọn một huyện để xem các xã)', en: 'By district (choose one to list its communes)' },
  allDistricts: { vi: 'Tất cả các huyện', en: 'All districts' },
  printBriefing: { vi: 'In báo cáo', en: 'Print briefing' },
  topFive: { vi: '5 địa phương cao nhất', en: 'Top five communes' },
  bottomFive: { vi: '5 địa phương thấp nhất', en: 'Bottom five communes' },
  source: { vi: 'Nguồn: An Bình, {url}, số liệu ngày {date}', en: 'Source: An Bình, {url}, figures as of {date}' },
  unitCode: { vi: 'Mã đơn vị', en: 'Unit code' },
  note: { vi: 'Ghi chú', en: 'Note' },
  north: { vi: 'B', en: 'N' },
} satisfies Record<string, Label>;

export type MessageId = keyof typeof messages;

export const LanguageContext = createContext<Language>('vi');

/** Translates a message, filling `{name}` placeholders. */
export function translate(language: Language, id: MessageId, values: Record<string, string | number> = {}): string {
  return messages[id][language].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** The translation function for the current language. */
export function useT() {
  const language = useContext(LanguageContext);
  // One function per language, so effects that depend on it run again only when the language changes.
  return useMemo(() => Object.assign((id: MessageId, values?: Record<string, string | number>) => translate(language, id, values), { language }), [language]);
}

/** A vocabulary value's label (unit kinds, commendation forms…), in the current language. */
export function vocabulary<K extends keyof typeof labels>(language: Language, group: K, value: string): string {
  return (labels[group] as Record<string, Label>)[value]?.[language] ?? value;
}

export function formatNumber(language: Language, value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(language === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(value);
}

export function formatShare(language: Language, value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${formatNumber(language, value * 100, 1)} %`;
}
