// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { renderWithData } from '../testing/render';
import type { MetricRow } from '../app/data';
import { PlaceTable } from './PlaceTable';
import { ranks, roundedAsShown } from './values';

afterEach(cleanup);

const rows: MetricRow[] = [
  { code: '1', name: 'Xã An Ấp', district: 'Huyện Quỳnh Phụ', value: 0.25, status: 'PUBLISHED' },
  { code: '2', name: 'Phường Kỳ Bá', district: 'Thành phố Thái Bình', value: 0.5, status: 'PUBLISHED' },
  { code: '3', name: 'Xã Đông Sơn', district: 'Huyện Đông Hưng', value: null, status: 'WITHHELD' },
];
const previous: MetricRow[] = [
  { code: '1', name: 'Xã An Ấp', district: 'Huyện Quỳnh Phụ', value: 0.3, status: 'PUBLISHED' },
  { code: '2', name: 'Phường Kỳ Bá', district: 'Thành phố Thái Bình', value: 0.4, status: 'PUBLISHED' },
];
const districts: MetricRow[] = [
  { code: '336', name: 'Huyện Quỳnh Phụ', district: null, value: 0.2, status: 'PUBLISHED' },
  { code: '340', name: 'Huyện Đông Hưng', district: null, value: 0.6, status: 'PUBLISHED' },
  { code: '336x', name: 'Thành phố Thái Bình', district: null, value: 0.7, status: 'PUBLISHED' },
];
const places = () => within(screen.getByRole('table', { name: /Tỷ lệ|Rate/ }));
const names = () =>
  places()
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).getByRole('rowheader').textContent);

describe('PlaceTable', () => {
  it('sorts by value (missing last), then by name in Vietnamese order, and says so to screen readers', () => {
    renderWithData(<PlaceTable rows={rows} caption="Tỷ lệ" share year={2021} onSelect={() => undefined} />, () => undefined);
    expect(names()).toEqual(['Phường Kỳ Bá', 'Xã An Ấp', 'Xã Đông Sơn']);
    expect(screen.getByText('50 %', { exact: false })).toBeTruthy();
    const nameHeader = places().getByRole('columnheader', { name: /Địa phương/ });
    fireEvent.click(within(nameHeader).getByRole('button'));
    expect(nameHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(names()).toEqual(['Phường Kỳ Bá', 'Xã An Ấp', 'Xã Đông Sơn']);
    fireEvent.click(within(nameHeader).getByRole('button'));
    expect(nameHeader.getAttribute('aria-sort')).toBe('descending');
    expect(names()).toEqual(['Xã Đông Sơn', 'Xã An Ấp', 'Phường Kỳ Bá']);
  });

  it('shows rank, last year, the change and "—" for a withheld cell; a district lists its communes', () => {
    renderWithData(
      <PlaceTable rows={rows} previous={previous} districts={districts} previousDistricts={[]} caption="Tỷ lệ" share year={2021} onSelect={() => undefined} />,
      () => undefined,
    );
    const cells = (name: string) =>
      within(places().getByRole('row', { name: new RegExp(name) }))
        .getAllByRole('cell')
        .map((c) => c.textContent);
    expect(cells('Kỳ Bá')).toEqual(['1', 'Thành phố Thái Bình', '50 %', '40 %', '▲ 10 đ.%']);
    expect(cells('An Ấp')).toEqual(['2', 'Huyện Quỳnh Phụ', '25 %', '30 %', '▼ 5 đ.%']);
    expect(cells('Đông Sơn')).toEqual(['', 'Huyện Đông Hưng', '—', '—', '']);
    const subtotals = within(screen.getByRole('table', { name: /Theo huyện/ }));
    expect(subtotals.getAllByRole('row')).toHaveLength(4);
    fireEvent.click(subtotals.getByRole('button', { name: 'Huyện Quỳnh Phụ' }));
    expect(names()).toEqual(['Xã An Ấp']);
    fireEvent.click(screen.getByRole('button', { name: 'Tất cả các huyện' }));
    expect(names()).toHaveLength(3);
  });

  it('opens a place from its row', () => {
    const onSelect = vi.fn();
    renderWithData(<PlaceTable rows={rows} caption="Rate" share year={2021} onSelect={onSelect} />, () => undefined, 'en');
    fireEvent.click(screen.getByRole('button', { name: 'Phường Kỳ Bá' }));
    expect(onSelect).toHaveBeenCalledWith('2');
    expect(places().getByRole('columnheader', { name: /Place/ })).toBeTruthy();
  });
});

describe('values as shown', () => {
  it('ranks ties alike and rounds shares to a tenth of a per cent', () => {
    expect([
      ...ranks([
        { code: 'a', value: 3 },
        { code: 'b', value: 5 },
        { code: 'c', value: 3 },
        { code: 'd', value: null },
        { code: 'e', value: 1 },
      ]),
    ]).toEqual([
      ['b', 1],
      ['a', 2],
      ['c', 2],
      ['e', 4],
    ]);
    expect(roundedAsShown(2 / 3, true)).toBe(66.7);
    expect(roundedAsShown(2 / 3, false)).toBe(0.67);
  });
});
