// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { renderWithData } from '../testing/render';
import { ideLink, PlacePanel } from './PlacePanel';

afterEach(cleanup);

const kyBa = {
  code: '12442',
  name: 'Phường Kỳ Bá',
  level: 'COMMUNE',
  kind: 'WARD',
  validFrom: '2008-01-01',
  validTo: '2025-07-01',
  formerNames: [],
  exemplary: {
    note: 'Điển hình trong công tác cảm hóa, giáo dục người lầm lỗi.',
    noteEn: 'Exemplary in bringing people who went wrong back to the community.',
    year: 2021,
  },
  parent: { name: 'Thành phố Thái Bình' },
  successors: [{ code: '12454', name: 'Phường Trần Lãm' }],
  predecessors: [],
  commendationSummary: { total: 2, counts: [{ form: 'DISTRICT_CERTIFICATE', recipientKind: 'PERSON', count: 2 }] },
  commendations: {
    totalCount: 2,
    nodes: [{ id: 'a', recipientName: 'Ông Nguyễn Văn H', recipientKind: 'PERSON', form: 'DISTRICT_CERTIFICATE', awardedOn: '2021-04-04' }],
  },
  rehabilitation: {
    placed: 12,
    progressed: 9,
    successRate: 0.75,
    suppressed: false,
    byYear: [
      { year: 2019, placed: null, progressed: 0, successRate: null, suppressed: true },
      { year: 2020, placed: 10, progressed: 5, successRate: 0.5, suppressed: false },
      { year: 2021, placed: 12, progressed: 9, successRate: 0.75, suppressed: false },
    ],
  },
  securityModels: {
    totalCount: 7,
    nodes: [{ id: 'm', name: 'Mô hình “Camera giám sát an ninh trật tự” phường Kỳ Bá', kind: 'CAMERA_SURVEILLANCE', exemplary: true }],
  },
  cameraSites: { totalCount: 4 },
  reportMailboxes: { totalCount: 3 },
};

describe('PlacePanel', () => {
  it('shows a place’s commendations, rehabilitation successes, models, cameras and mailboxes for the year', () => {
    const { asked } = renderWithData(<PlacePanel code="12442" asOf="2021-12-31" year={2021} onClose={() => undefined} onSelect={() => undefined} />, () => ({
      adminUnit: kyBa,
    }));
    expect(asked[0].variables).toEqual({ code: '12442', asOf: '2021-12-31', year: 2021, from: '2021-01-01', to: '2021-12-31' });
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Phường Kỳ Bá');
    expect(document.activeElement?.textContent).toBe('Phường Kỳ Bá');
    expect(screen.getByText('Ông Nguyễn Văn H')).toBeTruthy();
    expect(screen.getByText('75 %', { selector: 'dd' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Diễn biến theo năm' })).toBeTruthy();
    expect(screen.getByText(/không hiển thị công khai/)).toBeTruthy(); // 2019 was withheld
    expect(screen.getByText('Mô hình “Camera giám sát an ninh trật tự” phường Kỳ Bá')).toBeTruthy();
    expect(screen.getByText(/Điển hình tiên tiến \(báo cáo năm 2021\)/).parentElement?.textContent).toContain('Điển hình trong công tác cảm hóa');
    expect(screen.getByRole('link', { name: /GraphQL IDE/ }).getAttribute('href')).toBe(ideLink('12442', '2021-12-31', 2021));
  });

  it('opens a successor, and closes', () => {
    const onSelect = vi.fn();
    const onClose = vi.fn();
    renderWithData(<PlacePanel code="12442" asOf="2021-12-31" year={2021} onClose={onClose} onSelect={onSelect} />, () => ({ adminUnit: kyBa }), 'en');
    fireEvent.click(screen.getByRole('button', { name: 'Phường Trần Lãm' }));
    expect(onSelect).toHaveBeenCalledWith('12454');
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalled();
  });

  it('links the IDE to the panel’s own query, not to the API', () => {
    const url = new URL(ideLink('12442', '2021-12-31', 2021), 'http://hub');
    expect(url.pathname).toBe('/graphql');
    expect(url.searchParams.has('query')).toBe(false); // ?query= would be answered by the API, not the IDE
    expect(url.searchParams.get('document')).toContain('adminUnit(code: $code, asOf: $asOf)');
  });
});
