import type { RecordWriter, WritableField } from '../records/record.writes';

const typeText = (f: WritableField): string => {
  switch (f.type) {
    case 'text': return `text, 1–${f.max} characters`;
    case 'int': return `whole number, ${f.min}–${f.max}`;
    case 'float': return `number, ${f.min}–${f.max} (decimal point or comma)`;
    case 'boolean': return 'yes/no (true/false, 1/0, có/không)';
    case 'date': return 'date, YYYY-MM-DD or DD/MM/YYYY, not in the future';
    case 'enum': return `one of ${Object.keys(f.enum).join(', ')}`;
    case 'enumList': return `one or more of ${Object.keys(f.enum).join(', ')}, separated by ";"`;
  }
};

/** The columns a file of this record type may have, as the import checks them: printed by `pnpm run import --columns`. */
export function columnsOf(writer: RecordWriter): string {
  const { writable } = writer;
  const lines = [
    `Columns of a ${writer.kind.typeName} file (CSV header row, XLSX first row, or GeoJSON feature properties):`,
    writable.location === 'point'
      ? '  unitCode     optional: the commune the point lies in (found from the point when left out)'
      : '  unitCode     required: the commune or ward it belongs to, in force on its start date',
  ];
  if (writable.location) {
    lines.push(`  longitude, latitude   ${writable.location === 'point' ? 'required' : 'optional'}: decimal degrees (WGS 84); or a GeoJSON geometry in "location" (GeoJSON files: the feature's geometry)`);
  }
  for (const [name, f] of Object.entries(writable.fields)) {
    const need = f.optional ? 'optional' : f.default !== undefined ? `optional (default ${JSON.stringify(f.default)})` : 'required';
    lines.push(`  ${name.padEnd(12)} ${need}: ${typeText(f)}. ${f.description}`);
  }
  return lines.join('\n');
}
