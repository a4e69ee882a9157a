// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { renderWithData } from '../testing/render';
import { matchedFormerName, SearchBox } from './SearchBox';

afterEach(cleanup);

const hongBach = { code: '12778', name: 'Xã Hồng Bạch', level: 'COMMUNE', formerNames: ['Xã Bạch Đằng', 'Xã Hồng Châu'], parent: { name: 'Huyện Đông Hưng' } };

describe('SearchBox', () => {
  it('names the former unit the reader typed', () => {
    expect(matchedFormerName(hongBach, 'hong chau')).toBe('Xã Hồng Châu');
    expect(matchedFormerName(hongBach, 'HỒNG BẠCH')).toBeUndefined();
    expect(matchedFormerName({ name: 'Xã Đông Sơn', formerNames: [] }, 'dong son')).toBeUndefined();
  });

  it('asks the API as the reader types, shows "formerly", and chooses with the keyboard', async () => {
    vi.useFakeTimers();
    const onChoose = vi.fn();
    const { asked } = renderWithData(<SearchBox asOf="2021-12-31" onChoose={onChoose} />, (query) =>
      query.includes('adminUnits') ? { adminUnits: { nodes: [hongBach] } } : undefined,
    );
    const input = screen.getByRole('combobox');
    fireEvent.change(input, { target: { value: 'hong chau' } });
    await act(async () => {
      vi.advanceTimersByTime(200);
    });
    expect(asked.at(-1)?.variables).toEqual({ search: 'hong chau', asOf: '2021-12-31' });
    const option = screen.getByRole('option');
    expect(option.textContent).toContain('Xã Hồng Bạch, trước là Xã Hồng Châu');
    expect(input.getAttribute('aria-expanded')).toBe('true');
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onChoose).toHaveBeenCalledWith('12778');
    vi.useRealTimers();
  });
});
