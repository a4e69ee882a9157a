import { useCallback, useEffect, useRef, useState } from 'react';
import { divisions, type Division } from '@anbinh/shared';
import type { Language } from './i18n';

export type DivisionId = Division['id'];

export interface Camera {
  longitude: number;
  latitude: number;
  zoom: number;
}

/** Everything a shared link restores: what is shown, where, and in which language. */
export interface View {
  metric: string;
  year: number;
  /** A division chosen by hand, or 'auto': the division in force at the end of the year. */
  geography: DivisionId | 'auto';
  /** The selected unit's code. */
  place: string | null;
  camera: Camera | null;
  language: Language;
  /** The level the map fills. */
  level: 'commune' | 'district';
  /** The year to compare with ("change since"), or null for the year's own values. */
  since: number | null;
  /** How a change is shown: the difference, or the ratio of the two years. */
  change: 'difference' | 'ratio';
  /** Class breaks fixed per metric (comparable across years), or this year's quantiles. */
  classes: 'fixed' | 'quantile';
}

export const years = [2019, 2020, 2021, 2022, 2023, 2024, 2025] as const;
// The default metric covers every commune, so the map opens with no grey.
export const defaultView: View = {
  metric: 'selfManagementModels',
  year: 2021,
  geography: 'auto',
  place: null,
  camera: null,
  language: 'vi',
  level: 'commune',
  since: null,
  change: 'difference',
  classes: 'fixed',
};

/** What a metric's id looks like (selfManagementModels, patrolKmPerKm2). */
const metricId = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

/** Reads a view from a query string, falling back to the default for anything missing or invalid. */
export function parseView(search: string): View {
  const q = new URLSearchParams(search);
  const year = Number(q.get('year'));
  const geography = q.get('geo');
  const camera = (q.get('at') ?? '').split(',').map(Number);
  const place = q.get('place');
  const since = Number(q.get('since'));
  return {
    // Any metric id: one a record type declares is known once the hub's catalogue answers (the app falls back if it does not know it).
    metric: metricId.test(q.get('metric') ?? '') ? q.get('metric')! : defaultView.metric,
    year: (years as readonly number[]).includes(year) ? year : defaultView.year,
    geography: divisions.some((d) => d.id === geography) ? (geography as DivisionId) : 'auto',
    place: place && /^\d{3,6}$/.test(place) ? place : null,
    camera:
      camera.length === 3 && camera.every(Number.isFinite) && Math.abs(camera[0]) <= 180 && Math.abs(camera[1]) <= 90 && camera[2] >= 0 && camera[2] <= 22
        ? { longitude: camera[0], latitude: camera[1], zoom: camera[2] }
        : null,
    language: q.get('lang') === 'en' ? 'en' : 'vi',
    level: q.get('level') === 'district' ? 'district' : 'commune',
    since: (years as readonly number[]).includes(since) && since !== year ? since : null,
    change: q.get('change') === 'ratio' ? 'ratio' : 'difference',
    classes: q.get('classes') === 'quantile' ? 'quantile' : 'fixed',
  };
}

/** Writes a view as a query string; defaults are left out so links stay short. */
export function formatView(view: View): string {
  const q = new URLSearchParams();
  q.set('metric', view.metric);
  q.set('year', String(view.year));
  if (view.geography !== 'auto') q.set('geo', view.geography);
  if (view.place) q.set('place', view.place);
  if (view.camera) q.set('at', `${view.camera.longitude.toFixed(4)},${view.camera.latitude.toFixed(4)},${view.camera.zoom.toFixed(2)}`);
  if (view.language === 'en') q.set('lang', 'en');
  if (view.level === 'district') q.set('level', 'district');
  if (view.since !== null) q.set('since', String(view.since));
  if (view.since !== null && view.change === 'ratio') q.set('change', 'ratio');
  if (view.classes === 'quantile') q.set('classes', 'quantile');
  return `?${q.toString().replaceAll('%2C', ',')}`;
}

/** The division a view's map shows. */
export function divisionOf(view: Pick<View, 'year' | 'geography'>): Division {
  if (view.geography !== 'auto') return divisions.find((d) => d.id === view.geography)!;
  const end = `${view.year}-12-31`;
  return divisions.find((d) => d.validFrom <= end && (d.validTo === null || end < d.validTo))!;
}

/** The date whose map the view reads: the year's last day if that division was in force then, else the nearest day of the division. */
export function mapDate(view: Pick<View, 'year' | 'geography'>): string {
  const division = divisionOf(view);
  const end = `${view.year}-12-31`;
  if (end < division.validFrom) return division.validFrom;
  if (division.validTo !== null && end >= division.validTo) return dayBefore(division.validTo);
  return end;
}

function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * The view, kept in the URL. Changes of what is shown push a history entry (so
 * Back undoes them); camera moves replace the current one. Back and Forward restore.
 */
export function useView(): [View, (change: Partial<View>) => void] {
  const [view, setView] = useState(() => parseView(window.location.search));
  useEffect(() => {
    const restore = () => setView(parseView(window.location.search));
    window.addEventListener('popstate', restore);
    return () => window.removeEventListener('popstate', restore);
  }, []);
  const current = useRef(view);
  current.current = view;
  const update = useCallback((change: Partial<View>) => {
    const next = { ...current.current, ...change };
    const url = `${window.location.pathname}${formatView(next)}`;
    if (url !== `${window.location.pathname}${window.location.search}`) {
      if (Object.keys(change).every((k) => k === 'camera')) window.history.replaceState(null, '', url);
      else window.history.pushState(null, '', url);
    }
    current.current = next;
    setView(next);
  }, []);
  return [view, update];
}
