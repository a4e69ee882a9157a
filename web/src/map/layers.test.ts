import { describe, expect, it } from 'vitest';
import { describeLine, globalId, yearTileJson, type LayerEntry } from './layers';

const patrols: LayerEntry = {
  id: 'patrols',
  geometry: 'line',
  label: { vi: 'Tuyến tuần tra', en: 'Patrol routes' },
  description: '',
  tilejson: 'http://hub/tiles/patrols.json',
  record: {
    type: 'PatrolRoute',
    name: 'name',
    period: { from: 'startedOn', to: 'endedOn' },
    enums: [{ field: 'schedule', list: true, values: { NIGHTLY: { vi: 'hằng đêm', en: 'Every night' }, WEEKENDS: { vi: 'cuối tuần', en: 'At weekends' } } }],
    references: [{ field: 'model', type: 'SecurityModel' }],
    lists: [],
  },
};

describe('the hub’s layers on the map', () => {
  it('names a route beside the pointer: its name, its schedule in the reader’s language and its length', () => {
    const properties = { name: 'Tuyến đê sông Trà Lý', schedule: 'NIGHTLY,WEEKENDS', lengthKm: 3.25 };
    expect(describeLine(patrols, properties, 'vi')).toBe('Tuyến đê sông Trà Lý · hằng đêm, cuối tuần · 3,25 km');
    expect(describeLine(patrols, properties, 'en')).toBe('Tuyến đê sông Trà Lý · Every night, At weekends · 3.25 km');
    expect(describeLine(patrols, { schedule: 'HOLIDAYS' }, 'vi')).toBe('Tuyến tuần tra · HOLIDAYS'); // a value it does not describe, as it is
  });

  it('asks a layer’s TileJSON for the year, and names a drawn record by the hub’s global id', () => {
    expect(yearTileJson(patrols, 2021)).toBe('http://hub/tiles/patrols.json?from=2021-01-01&to=2021-12-31');
    expect(globalId('SecurityModel', 1)).toBe('U2VjdXJpdHlNb2RlbDox');
    expect(atob(globalId('PatrolRoute', 882).replace(/-/g, '+').replace(/_/g, '/'))).toBe('PatrolRoute:882');
  });
});
