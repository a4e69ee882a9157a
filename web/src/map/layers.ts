import { useEffect, useState } from 'react';
import { formatNumber, type Language } from '../app/i18n';

/** A list, on a record, of the records of another type that name it (a model's patrol routes), as the hub describes it. */
export interface RecordList {
  /** The list's field on the record's GraphQL type, e.g. patrolRoutes. */
  field: string;
  description: string;
  /** The listed records' type and the field naming each, when they have one. */
  type: string;
  name: string | null;
  /** The listed type's map layer name, when it has one: the panel lists those. */
  label: { vi: string; en: string } | null;
  geometry: 'point' | 'line' | null;
}

/** What the hub says of a layer's records: how to ask GraphQL for one, and what names it. */
export interface RecordDescription {
  type: string;
  name: string | null;
  period: { on: string } | { from: string; to: string } | { year: string };
  /** Its enumerated fields, each value's words in both languages. */
  enums: { field: string; list: boolean; values: Record<string, { vi: string; en: string }> }[];
  /** The records it names (a route's model), by field and type. */
  references: { field: string; type: string }[];
  lists: RecordList[];
}

/** One of the hub's tile layers, from its index (GET /tiles). */
export interface LayerEntry {
  id: string;
  geometry: 'polygon' | 'point' | 'line';
  label: { vi: string; en: string };
  description: string;
  tilejson: string;
  record: RecordDescription | null;
}

let index: Promise<LayerEntry[]> | undefined;

/** The hub's layers, asked for once (again after a failure). */
export function layerIndex(): Promise<LayerEntry[]> {
  index ??= fetch('/tiles')
    .then((res) => {
      if (!res.ok) throw new Error(`/tiles: HTTP ${res.status}`);
      return res.json() as Promise<{ layers: LayerEntry[] }>;
    })
    .then((body) => body.layers);
  index.catch(() => {
    index = undefined;
  });
  return index;
}

/** The hub's layers once known; empty until then, or if the hub cannot say (the map keeps its own layers). */
export function useLayerIndex(): LayerEntry[] {
  const [layers, setLayers] = useState<LayerEntry[]>([]);
  useEffect(() => {
    let live = true;
    layerIndex().then(
      (known) => live && setLayers(known),
      (error: unknown) => console.error('[map] layer index not loaded', error),
    );
    return () => {
      live = false;
    };
  }, []);
  return layers;
}

/** A layer's TileJSON for a year: the records in use at some time in it. */
export const yearTileJson = (layer: LayerEntry, year: number) => `${layer.tilejson}?from=${year}-01-01&to=${year}-12-31`;

/** The hub's global id of a record it drew with its database id (base64url of "Type:id", as graphql/node.ts makes them). */
export function globalId(type: string, id: number | string): string {
  return btoa(`${type}:${id}`).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A value's words in the reader's language, from the hub's description of its field; the value itself when it has none. */
export function enumWords(record: RecordDescription | null | undefined, field: string, value: string, language: Language): string {
  return record?.enums.find((e) => e.field === field)?.values[value]?.[language] ?? value;
}

/** What the pointer shows over a line (a patrol route): its name, its enumerated values (the schedule) and its length. */
export function describeLine(layer: LayerEntry, properties: Record<string, unknown>, language: Language): string {
  const record = layer.record;
  const name = record?.name ? properties[record.name] : undefined;
  const parts = [typeof name === 'string' && name ? name : layer.label[language]];
  for (const e of record?.enums ?? []) {
    const raw = properties[e.field];
    // Tiles carry a list as comma-separated text.
    if (typeof raw === 'string' && raw)
      parts.push(
        raw
          .split(',')
          .map((v) => enumWords(record, e.field, v, language))
          .join(', '),
      );
  }
  if (typeof properties.lengthKm === 'number') parts.push(`${formatNumber(language, properties.lengthKm, 2)} km`);
  return parts.join(' · ');
}
