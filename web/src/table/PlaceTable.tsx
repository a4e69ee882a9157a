import { useMemo, useState } from 'react';
import { formatNumber, formatShare, useT } from '../app/i18n';
import type { MetricRow } from '../app/data';

type Column = 'name' | 'district' | 'value';

/** Places and their values, sortable: the map's content for people who do not use the map. */
export function PlaceTable({ rows, caption, share, onSelect }: { rows: readonly MetricRow[]; caption: string; share: boolean; onSelect(code: string): void }) {
  const t = useT();
  const [sort, setSort] = useState<{ column: Column; descending: boolean }>({ column: 'value', descending: true });
  const collator = useMemo(() => new Intl.Collator(t.language === 'vi' ? 'vi' : 'en'), [t.language]);
  const sorted = useMemo(() => {
    const compare = (a: MetricRow, b: MetricRow) => {
      if (sort.column === 'value') {
        if (a.value === b.value) return collator.compare(a.name, b.name);
        if (a.value === null) return 1; // places without a value go last either way
        if (b.value === null) return -1;
        return sort.descending ? b.value - a.value : a.value - b.value;
      }
      const result = collator.compare(a[sort.column] ?? '', b[sort.column] ?? '');
      return sort.descending ? -result : result;
    };
    return [...rows].sort(compare);
  }, [rows, sort, collator]);

  const header = (column: Column, label: string) => (
    <th scope="col" aria-sort={sort.column === column ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
      <button type="button" onClick={() => setSort((s) => ({ column, descending: s.column === column ? !s.descending : column === 'value' }))}>
        {label} <span aria-hidden="true">{sort.column === column ? (sort.descending ? '▼' : '▲') : '↕'}</span>
      </button>
    </th>
  );

  return (
    <table className="ab-table">
      <caption>{caption}</caption>
      <thead>
        <tr>{header('name', t('place'))}{header('district', t('district'))}{header('value', t('value'))}</tr>
      </thead>
      <tbody>
        {sorted.map((r) => (
          <tr key={r.code}>
            <th scope="row"><button type="button" className="ab-link" onClick={() => onSelect(r.code)}>{r.name}</button></th>
            <td>{r.district}</td>
            <td className="ab-number">{share ? formatShare(t.language, r.value) : formatNumber(t.language, r.value, 2)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
