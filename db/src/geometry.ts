import { Type, type EntityProperty, type Platform } from '@mikro-orm/core';
import type { Geometry } from '@anbinh/shared';

export type GeometryKind = 'Point' | 'MultiPolygon' | 'Geometry';

/**
 * GeoJSON ↔ PostGIS geometry (SRID 4326, lon/lat). Conversion happens in SQL so
 * PostGIS parses and prints the GeoJSON; JavaScript only sees RFC 7946 objects.
 */
export class GeometryType extends Type<Geometry | null, string | null> {
  constructor(private readonly kind: GeometryKind) {
    super();
  }

  override convertToDatabaseValue(value: Geometry | string | null): string | null {
    if (value === null || value === undefined) return null;
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  override convertToJSValue(value: Geometry | string | null): Geometry | null {
    if (value === null || value === undefined) return null;
    return typeof value === 'string' ? (JSON.parse(value) as Geometry) : value;
  }

  override convertToDatabaseValueSQL(key: string): string {
    return `ST_SetSRID(ST_GeomFromGeoJSON(${key}), 4326)`;
  }

  override convertToJSValueSQL(key: string): string {
    return `ST_AsGeoJSON(${key})`;
  }

  override compareAsType(): string {
    return 'string';
  }

  override getColumnType(_prop: EntityProperty, _platform: Platform): string {
    return `geometry(${this.kind},4326)`;
  }
}
