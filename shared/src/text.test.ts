import { describe, expect, it } from 'vitest';
import { foldVietnamese, foldedBareName, normaliseName } from './text';

describe('foldVietnamese', () => {
  it('folds case, diacritics and đ', () => {
    expect(foldVietnamese('Hồng Châu')).toBe('hong chau');
    expect(foldVietnamese('HỒNG CHÂU')).toBe('hong chau');
    expect(foldVietnamese('Đông Hưng')).toBe('dong hung');
    expect(foldVietnamese('  Kỳ   Bá ')).toBe('ky ba');
  });
  it('treats NFD and NFC input alike', () => {
    expect(foldVietnamese('Kỳ Bá'.normalize('NFD'))).toBe(foldVietnamese('Kỳ Bá'.normalize('NFC')));
  });
});

describe('names', () => {
  it('drops the administrative prefix for ranking', () => {
    expect(foldedBareName('Thị trấn Diêm Điền')).toBe('diem dien');
    expect(foldedBareName('Xã Hồng Châu')).toBe('hong chau');
  });
  it('normalises to NFC with single spaces', () => {
    expect(normaliseName('Xã Dương Hồng  Thủy'.normalize('NFD'))).toBe('Xã Dương Hồng Thủy');
  });
});
