/** The point layers a reader can toggle, in drawing order. */
export const pointLayers = ['cameras', 'mailboxes', 'models', 'heritage'] as const;
export type PointLayer = (typeof pointLayers)[number];
export const pointColours: Record<PointLayer, string> = { cameras: '#d7301f', mailboxes: '#6a51a3', models: '#238b45', heritage: '#8c510a' };

/**
 * The point layers the hub serves as tile layers too. Their TileJSON, for the
 * year's period, offers the GeoJSON export when the points are few enough to
 * load whole (clustered here); otherwise the map draws the hub's tiles, which
 * gather points into counts below zoom 12.
 */
export const tiledPointLayers = ['cameras', 'mailboxes', 'models'] as const;
export type TiledPointLayer = (typeof tiledPointLayers)[number];
export const pointTileJson = (layer: TiledPointLayer, year: number) => `/tiles/${layer}.json?from=${year}-01-01&to=${year}-12-31`;

export interface PointTileJson {
  tiles: string[];
  geojson?: string;
}
const asked = new Map<string, Promise<PointTileJson>>();

/** A point layer's TileJSON for a year, asked for once: the shell asks for the layers shown at first while the map's chunk is still loading. */
export function pointIndex(layer: TiledPointLayer, year: number): Promise<PointTileJson> {
  const url = pointTileJson(layer, year);
  let answer = asked.get(url);
  if (!answer) {
    answer = fetch(url).then((res) => {
      if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
      return res.json() as Promise<PointTileJson>;
    });
    answer.catch(() => asked.delete(url)); // asked again next time
    asked.set(url, answer);
  }
  return answer;
}
