// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { renderWithData } from '../testing/render';
import type { LayerEntry, RecordDescription } from '../map/layers';
import RecordPanel, { recordQuery } from './RecordPanel';

afterEach(cleanup);

/** The models layer as the hub's index (GET /tiles) describes it. */
const record: RecordDescription = {
  type: 'SecurityModel',
  name: 'name',
  period: { from: 'establishedOn', to: 'dissolvedOn' },
  enums: [{ field: 'kind', list: false, values: { NIGHT_PATROL: { vi: 'Tuần tra ban đêm', en: 'Night patrol' } } }],
  references: [],
  lists: [
    { field: 'cameraSites', description: '', type: 'CameraSite', name: 'name', label: { vi: 'Điểm camera giám sát', en: 'Camera sites' }, geometry: 'point' },
    { field: 'patrolRoutes', description: '', type: 'PatrolRoute', name: 'name', label: { vi: 'Tuyến tuần tra', en: 'Patrol routes' }, geometry: 'line' },
    { field: 'commendations', description: '', type: 'Commendation', name: 'recipientName', label: null, geometry: null },
  ],
};
const layer = {
  id: 'models',
  geometry: 'point',
  label: { vi: 'Mô hình tự quản', en: 'Self-management models' },
  description: '',
  tilejson: '',
  record,
} satisfies LayerEntry;

const model = {
  id: 'U2VjdXJpdHlNb2RlbDox',
  name: 'Tổ tuần tra thôn Đông',
  establishedOn: '2019-05-01',
  dissolvedOn: null,
  kind: 'NIGHT_PATROL',
  cameraSites: { totalCount: 1, nodes: [{ id: 'c', name: 'Cổng làng' }] },
  patrolRoutes: {
    totalCount: 3,
    nodes: [
      { id: 'r1', name: 'Tuyến đê sông Trà Lý', lengthKm: 3.25 },
      { id: 'r2', name: 'Tuyến chợ', lengthKm: 1.5 },
    ],
  },
};

describe('RecordPanel', () => {
  it('asks for what the hub’s description names: the name, period, kinds, and the lists of records drawn on the map (routes with their length)', () => {
    const query = recordQuery(record, false);
    expect(query).toContain('... on SecurityModel { name establishedOn dissolvedOn kind ');
    expect(query).toContain('cameraSites(first: 20) { totalCount nodes { id name } }');
    expect(query).toContain('patrolRoutes(first: 20) { totalCount nodes { id name lengthKm } }');
    expect(query).not.toContain('commendations'); // not drawn on the map: no name for its list
    expect(() => recordQuery({ ...record, name: 'name } } mutation { x' }, false)).toThrow(/Not a GraphQL name/);
  });

  it('shows a model’s name, kind and dates and lists its camera sites and patrol routes with counts, in Vietnamese first', () => {
    const onClose = vi.fn();
    const { asked } = renderWithData(<RecordPanel layer={layer} id={model.id} onClose={onClose} />, () => ({ node: model }));
    expect(asked[0].variables).toEqual({ id: model.id });
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Tổ tuần tra thôn Đông');
    expect(screen.getByText('Tuần tra ban đêm')).toBeTruthy();
    expect(screen.getByText('Từ 2019-05-01 đến nay')).toBeTruthy();
    const routes = screen.getByRole('region', { name: 'Tuyến tuần tra (3)' });
    expect([...routes.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['Tuyến đê sông Trà Lý · 3,25 km', 'Tuyến chợ · 1,5 km', 'và 1 khác']);
    expect(screen.getByRole('region', { name: 'Điểm camera giám sát (1)' }).textContent).toContain('Cổng làng');
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(onClose).toHaveBeenCalled();
  });

  it('speaks English when asked', () => {
    renderWithData(<RecordPanel layer={layer} id={model.id} onClose={() => undefined} />, () => ({ node: model }), 'en');
    expect(screen.getByText('Night patrol')).toBeTruthy();
    expect(screen.getByText('From 2019-05-01 to now')).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Patrol routes (3)' }).textContent).toContain('Tuyến đê sông Trà Lý · 3.25 km');
  });
});
