import type { FieldSpec } from '../records/fields';
import type { RecordWriter } from '../records/record-type';

const typeText = (f: FieldSpec): string => {
  switch (f.type) {
    case 'text':
      return `text, 1–${f.max} characters`;
    case 'int':
      return `whole number, ${f.min}–${f.max}`;
    case 'float':
      return `number, ${f.min}–${f.max} (decimal point or comma)`;
    case 'boolean':
      return 'yes/no (true/false, 1/0, có/không)';
    case 'date':
      return 'date, YYYY-MM-DD or DD/MM/YYYY, not in the future';
    case 'enum':
      return `one of ${Object.keys(f.enum).join(', ')}`;
    case 'enumList':
      return `one or more of ${Object.keys(f.enum).join(', ')}, separated by ";"`;
    case 'reference':
      return `the global id of a ${f.to} in the same unit`;
  }
};

/** The columns a file of this record type may have, as the import checks them: printed by `pnpm run import --columns`. */
export function columnsOf(writer: RecordWriter): string {
  const lines = [
    `Columns of a ${writer.type.typeName} file (CSV header row, XLSX first row, or GeoJSON feature properties):`,
    writer.location === 'point'
      ? '  unitCode     optional: the commune the point lies in (found from the point when left out)'
      : writer.location === 'line'
        ? '  unitCode     optional: the commune or ward it belongs to, which the route passes through (left out: the one holding its longest stretch)'
        : '  unitCode     required: the commune or ward it belongs to, in force on its start date',
  ];
  if (writer.location === 'line') {
    lines.push("  location     required: the route as a GeoJSON LineString or MultiLineString (GeoJSON files: the feature's geometry)");
  } else if (writer.location) {
    lines.push(
      `  longitude, latitude   ${writer.location === 'point' ? 'required' : 'optional'}: decimal degrees (WGS 84); or a GeoJSON geometry in "location" (GeoJSON files: the feature's geometry)`,
    );
  }
  for (const [field, f] of writer.createFields) {
    const name = f.type === 'reference' ? f.input : field;
    const need =
      f.nullable || f.type === 'reference'
        ? 'optional'
        : typeof f.default === 'function'
          ? `optional (left out: ${f.defaultDescription})`
          : f.default !== undefined
            ? `optional (default ${JSON.stringify(f.default)})`
            : 'required';
    lines.push(`  ${name.padEnd(12)} ${need}: ${typeText(f)}. ${f.inputDescription ?? f.description}`);
  }
  return lines.join('\n');
}
