import { useMemo, useState } from 'react';
import { useT } from '../app/i18n';
import { useMetricRows, type MetricRow } from '../app/data';
import { formatShown, formatShownChange, ranks } from './values';

type Column = 'rank' | 'name' | 'district' | 'value' | 'previous' | 'change';

interface Props {
  rows: readonly MetricRow[];
  /** The same places' values the year before (on the same map). */
  previous?: readonly MetricRow[];
  /** The districts' own values (subtotals), this year and the year before. */
  districts?: readonly MetricRow[];
  previousDistricts?: readonly MetricRow[];
  caption: string;
  share: boolean;
  year: number;
  onSelect: (code: string) => void;
}

/** Places ranked, with last year's value, the change and the district; the districts' subtotals above, each listing its communes. */
export function PlaceTable({ rows, previous = [], districts = [], previousDistricts = [], caption, share, year, onSelect }: Props) {
  const t = useT();
  const [sort, setSort] = useState<{ column: Column; descending: boolean }>({ column: 'value', descending: true });
  const [district, setDistrict] = useState<string | null>(null);
  const collator = useMemo(() => new Intl.Collator(t.language === 'vi' ? 'vi' : 'en'), [t.language]);
  const before = useMemo(() => new Map(previous.map((r) => [r.code, r.value])), [previous]);
  const districtsBefore = useMemo(() => new Map(previousDistricts.map((r) => [r.code, r.value])), [previousDistricts]);
  const rank = useMemo(() => ranks(rows), [rows]);
  const sorted = useMemo(() => {
    const numeric: Record<'rank' | 'value' | 'previous' | 'change', (r: MetricRow) => number | null> = {
      // Rank 1 is the highest value: sorting by rank "descending" lists rank 1 first, like the value.
      rank: (r) => (rank.has(r.code) ? -rank.get(r.code)! : null),
      value: (r) => r.value,
      previous: (r) => before.get(r.code) ?? null,
      change: (r) => (r.value === null || (before.get(r.code) ?? null) === null ? null : r.value - before.get(r.code)!),
    };
    const compare = (a: MetricRow, b: MetricRow) => {
      if (sort.column === 'name' || sort.column === 'district') {
        const result = collator.compare(a[sort.column] ?? '', b[sort.column] ?? '');
        return sort.descending ? -result : result;
      }
      const x = numeric[sort.column](a);
      const y = numeric[sort.column](b);
      if (x === y) return collator.compare(a.name, b.name);
      if (x === null) return 1; // places without a value go last either way
      if (y === null) return -1;
      return sort.descending ? y - x : x - y;
    };
    return rows.filter((r) => district === null || r.district === district).sort(compare);
  }, [rows, sort, collator, before, rank, district]);

  const header = (column: Column, label: string) => (
    <th scope="col" aria-sort={sort.column === column ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
      <button
        type="button"
        onClick={() => setSort((s) => ({ column, descending: s.column === column ? !s.descending : column !== 'name' && column !== 'district' }))}
      >
        {label} <span aria-hidden="true">{sort.column === column ? (sort.descending ? '▼' : '▲') : '↕'}</span>
      </button>
    </th>
  );
  const lastYear = t('inYear', { year: year - 1 });

  return (
    <>
      {districts.length > 0 && (
        <table className="ab-table ab-subtotals">
          <caption>{t('districtSubtotals')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('district')}</th>
              <th scope="col" className="ab-number">
                {t('value')}
              </th>
              <th scope="col" className="ab-number">
                {lastYear}
              </th>
              <th scope="col" className="ab-number">
                {t('change')}
              </th>
            </tr>
          </thead>
          <tbody>
            {[...districts]
              .sort((a, b) => collator.compare(a.name, b.name))
              .map((d) => (
                <tr key={d.code} aria-current={district === d.name || undefined}>
                  <th scope="row">
                    <button
                      type="button"
                      className="ab-link"
                      aria-pressed={district === d.name}
                      onClick={() => setDistrict(district === d.name ? null : d.name)}
                    >
                      {d.name}
                    </button>
                  </th>
                  <td className="ab-number">{formatShown(t.language, d.value, share)}</td>
                  <td className="ab-number">{formatShown(t.language, districtsBefore.get(d.code) ?? null, share)}</td>
                  <td className="ab-number">{formatShownChange(t.language, d.value, districtsBefore.get(d.code) ?? null, share)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
      {district !== null && (
        <p>
          <button type="button" className="ab-link" onClick={() => setDistrict(null)}>
            {t('allDistricts')}
          </button>
        </p>
      )}
      <table className="ab-table ab-places">
        <caption>{district === null ? caption : `${caption} · ${district}`}</caption>
        <thead>
          <tr>
            {header('rank', t('rank'))}
            {header('name', t('place'))}
            {header('district', t('district'))}
            {header('value', t('value'))}
            {header('previous', lastYear)}
            {header('change', t('change'))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.code}>
              <td className="ab-number">{rank.get(r.code) ?? ''}</td>
              <th scope="row">
                <button type="button" className="ab-link" onClick={() => onSelect(r.code)}>
                  {r.name}
                </button>
              </th>
              <td>{r.district}</td>
              <td className="ab-number">{formatShown(t.language, r.value, share)}</td>
              <td className="ab-number">{formatShown(t.language, before.get(r.code) ?? null, share)}</td>
              <td className="ab-number">{formatShownChange(t.language, r.value, before.get(r.code) ?? null, share)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** The table with what it compares against: last year's values on the same map and the districts' subtotals (its own chunk: read when shown). */
export default function TableView(props: Omit<Props, 'previous' | 'districts' | 'previousDistricts'> & { metric: string; asOf: string; dataVersion: number }) {
  const { metric, asOf, dataVersion, year } = props;
  const previous = useMetricRows(metric, year - 1, asOf, dataVersion).rows;
  const districts = useMetricRows(metric, year, asOf, dataVersion, 'DISTRICT').rows;
  const previousDistricts = useMetricRows(metric, year - 1, asOf, dataVersion, 'DISTRICT').rows;
  return <PlaceTable {...props} previous={previous} districts={districts} previousDistricts={previousDistricts} />;
}
