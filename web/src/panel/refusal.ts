import type { CombinedError } from 'urql';
import type { Label } from '@anbinh/shared';
import type { Language } from '../app/i18n';

/** Why the server refused a write (`extensions.reason`), as a sentence a person can act on; `{field}` is the field's label. */
const reasons: Record<string, Label> = {
  REQUIRED: { vi: 'Cần điền «{field}».', en: '“{field}” is required.' },
  OUT_OF_RANGE: { vi: '«{field}» nằm ngoài khoảng cho phép: kiểm tra lại ngày hoặc số.', en: '“{field}” is out of range: check the date or number.' },
  TOO_LONG: { vi: '«{field}» quá dài: hãy rút gọn.', en: '“{field}” is too long: shorten it.' },
  NOT_IN_TERRITORY: { vi: '«{field}» nằm ngoài địa bàn bạn được ghi nhận.', en: '“{field}” lies outside the territory you may record in.' },
  VERSION_CONFLICT: {
    vi: 'Bản ghi đã được người khác sửa từ lúc bạn mở: tải lại rồi sửa lại.',
    en: 'Someone changed this record since you opened it: reload and make your change again.',
  },
  INVALID_GEOMETRY: { vi: '«{field}» không phải một vị trí hợp lệ.', en: '“{field}” is not a valid location.' },
  IN_THE_FUTURE: { vi: '«{field}» không được là một ngày trong tương lai.', en: '“{field}” cannot be a day in the future.' },
  INVALID_FORMAT: { vi: '«{field}» sai định dạng.', en: '“{field}” is not in the expected format.' },
  INVALID_DATE: { vi: '«{field}» không phải một ngày có thật.', en: '“{field}” is not a real date.' },
  INVALID_ID: { vi: '«{field}» không đúng mã.', en: '“{field}” is not a valid id.' },
  WRONG_TYPE: { vi: '«{field}» sai loại giá trị.', en: '“{field}” has the wrong kind of value.' },
  INVALID_VALUE: { vi: '«{field}» không hợp lệ: kiểm tra lại.', en: '“{field}” is not valid: check it.' },
  NOT_FOUND: { vi: 'Không tìm thấy «{field}»: có thể đã bị xóa, hãy tải lại.', en: '“{field}” was not found: it may have gone; reload.' },
  OUTSIDE_UNIT: { vi: '«{field}» nằm ngoài địa phương đã chọn.', en: '“{field}” lies outside the chosen place.' },
  ALREADY_ENDED: { vi: 'Hồ sơ này đã được kết thúc trước đó: tải lại để xem.', en: 'This was already closed: reload to see it.' },
  NOTHING_TO_CHANGE: { vi: 'Không có gì thay đổi để lưu.', en: 'There is nothing to change.' },
  NOT_ALLOWED: { vi: 'Tài khoản của bạn không được ghi nhận ở đây.', en: 'Your account may not record this here.' },
};

/** The same for refusals without a reason, by `extensions.code`. */
const codes: Record<string, Label> = {
  BAD_USER_INPUT: { vi: 'Có thông tin chưa hợp lệ: kiểm tra «{field}».', en: 'Something is not valid: check “{field}”.' },
  CONFLICT: reasons.VERSION_CONFLICT,
  FORBIDDEN: { vi: 'Tài khoản của bạn không được ghi nhận ở địa phương này.', en: 'Your account may not record in this place.' },
  UNAUTHENTICATED: { vi: 'Phiên đăng nhập đã hết: hãy đăng nhập lại.', en: 'You are signed out: sign in again.' },
  RATE_LIMITED: { vi: 'Quá nhiều yêu cầu: chờ một lát rồi thử lại.', en: 'Too many requests: wait a moment and try again.' },
};
const fallback: Label = { vi: 'Không lưu được: thử lại sau.', en: 'Could not save: try again later.' };

export interface Refusal {
  /** The input field the refusal is about, when the server names one. */
  field?: string;
  text: string;
}

/** The server's refusals of a write, one per field it names, in the reader's language; never read from the server's English sentence. */
export function refusals(language: Language, error: CombinedError | undefined, fieldLabel: (field: string) => string): Refusal[] {
  if (!error) return [];
  if (error.graphQLErrors.length === 0) return [{ text: fallback[language] }]; // offline, or the server did not answer
  return error.graphQLErrors.map(({ extensions }) => {
    const field = typeof extensions?.field === 'string' ? extensions.field : undefined;
    const sentence = reasons[String(extensions?.reason)] ?? codes[String(extensions?.code)] ?? fallback;
    return { field, text: sentence[language].replace('{field}', field ? fieldLabel(field) : '…') };
  });
}
