import { describe, expect, it } from 'vitest';
import { defaultView, divisionOf, formatView, mapDate, parseView } from './view';

describe('views in the URL', () => {
  it('round-trips every part of a view', () => {
    const view = {
      metric: 'cameraSites',
      year: 2019,
      geography: 'D2008' as const,
      place: '12778',
      camera: { longitude: 106.3, latitude: 20.5, zoom: 11 },
      language: 'en' as const,
      level: 'district' as const,
      since: 2025,
      change: 'ratio' as const,
      classes: 'quantile' as const,
    };
    expect(parseView(formatView(view))).toEqual(view);
    expect(formatView(view)).toBe(
      '?metric=cameraSites&year=2019&geo=D2008&place=12778&at=106.3000,20.5000,11.00&lang=en&level=district&since=2025&change=ratio&classes=quantile',
    );
  });

  it('falls back to the default for anything unknown or out of range', () => {
    expect(parseView('?metric=no;pe&year=1900&geo=D1999&place=x;drop&at=500,20,3&lang=fr&level=x&since=1999&change=x&classes=x')).toEqual(defaultView);
    expect(parseView('?year=2021&since=2021').since).toBeNull(); // a year compared with itself is no change
  });

  it('keeps a metric the client does not know yet (one a record type declares), for the hub’s catalogue to judge', () => {
    expect(parseView('?metric=patrolKmPerKm2&year=2021').metric).toBe('patrolKmPerKm2');
  });

  it('follows the year to the division in force at its end, or keeps a chosen one', () => {
    expect(divisionOf({ year: 2019, geography: 'auto' }).id).toBe('D2008');
    expect(divisionOf({ year: 2021, geography: 'auto' }).id).toBe('D2020');
    expect(divisionOf({ year: 2024, geography: 'auto' }).id).toBe('D2024');
    expect(divisionOf({ year: 2025, geography: 'auto' }).id).toBe('D2025');
    expect(mapDate({ year: 2021, geography: 'auto' })).toBe('2021-12-31');
    expect(mapDate({ year: 2021, geography: 'D2008' })).toBe('2020-02-29'); // the 2008 map's last day
    expect(mapDate({ year: 2019, geography: 'D2025' })).toBe('2025-07-01');
  });
});
