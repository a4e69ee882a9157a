// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { renderWithData } from '../testing/render';
import { PlaceTable } from './PlaceTable';

afterEach(cleanup);

const rows = [
  { code: '1', name: 'Xã An Ấp', district: 'Huyện Quỳnh Phụ', value: 0.25 },
  { code: '2', name: 'Phường Kỳ Bá', district: 'Thành phố Thái Bình', value: 0.5 },
  { code: '3', name: 'Xã Đông Sơn', district: 'Huyện Đông Hưng', value: null },
];
const names = () => screen.getAllByRole('row').slice(1).map((r) => within(r).getByRole('rowheader').textContent);

describe('PlaceTable', () => {
  it('sorts by value (missing last), then by name in Vietnamese order, and says so to screen readers', () => {
    renderWithData(<PlaceTable rows={rows} caption="Tỷ lệ" share onSelect={() => undefined} />, () => undefined);
    expect(names()).toEqual(['Phường Kỳ Bá', 'Xã An Ấp', 'Xã Đông Sơn']);
    expect(screen.getByText('50 %', { exact: false })).toBeTruthy();
    const nameHeader = screen.getByRole('columnheader', { name: /Địa phương/ });
    fireEvent.click(within(nameHeader).getByRole('button'));
    expect(nameHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(names()).toEqual(['Phường Kỳ Bá', 'Xã An Ấp', 'Xã Đông Sơn']);
    fireEvent.click(within(nameHeader).getByRole('button'));
    expect(nameHeader.getAttribute('aria-sort')).toBe('descending');
    expect(names()).toEqual(['Xã Đông Sơn', 'Xã An Ấp', 'Phường Kỳ Bá']);
  });

  it('opens a place from its row', () => {
    const onSelect = vi.fn();
    renderWithData(<PlaceTable rows={rows} caption="Tỷ lệ" share onSelect={onSelect} />, () => undefined, 'en');
    fireEvent.click(screen.getByRole('button', { name: 'Phường Kỳ Bá' }));
    expect(onSelect).toHaveBeenCalledWith('2');
    expect(screen.getByRole('columnheader', { name: /Place/ })).toBeTruthy();
  });
});
