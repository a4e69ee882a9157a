import { formatShare, useT } from '../app/i18n';

export interface TrendYear {
  year: number;
  /** null: withheld from the public (1 or 2 people). */
  placed: number | null;
  progressed: number | null;
  successRate: number | null;
}

/** Placed and progressed people by year as paired bars, with the same figures as a table for screen readers. */
export function TrendChart({ years, highlight }: { years: readonly TrendYear[]; highlight: number }) {
  const t = useT();
  const width = 280;
  const height = 96;
  const max = Math.max(1, ...years.flatMap((y) => [y.placed ?? 0, y.progressed ?? 0]));
  const shown = (n: number | null) => (n === null ? '1–2' : String(n));
  const slot = width / Math.max(1, years.length);
  const bar = Math.max(3, slot / 2 - 4);
  return (
    <figure className="ab-trend">
      <svg viewBox={`0 0 ${width} ${height + 16}`} width="100%" role="img" aria-label={t('trend')}>
        {years.map((y, i) => {
          const x = i * slot + 2;
          const h1 = ((y.placed ?? 0) / max) * height;
          const h2 = ((y.progressed ?? 0) / max) * height;
          return (
            <g key={y.year} opacity={y.year === highlight ? 1 : 0.7}>
              <rect x={x} y={height - h1} width={bar} height={h1} fill="#90a4ae">
                <title>{`${y.year}: ${t('placed')} ${shown(y.placed)}`}</title>
              </rect>
              <rect x={x + bar + 1} y={height - h2} width={bar} height={h2} fill="#2c7fb8">
                <title>{`${y.year}: ${t('progressed')} ${shown(y.progressed)}`}</title>
              </rect>
              <text x={x + bar} y={height + 12} fontSize="9" textAnchor="middle" fontWeight={y.year === highlight ? 700 : 400}>
                {String(y.year).slice(2)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <span className="ab-swatch" style={{ background: '#90a4ae' }} /> {t('placed')} <span className="ab-swatch" style={{ background: '#2c7fb8' }} />{' '}
        {t('progressed')}
      </figcaption>
      <table className="ab-visually-hidden">
        <caption>{t('trend')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('year')}</th>
            <th scope="col">{t('placed')}</th>
            <th scope="col">{t('progressed')}</th>
            <th scope="col">{t('successRate')}</th>
          </tr>
        </thead>
        <tbody>
          {years.map((y) => (
            <tr key={y.year}>
              <th scope="row">{y.year}</th>
              <td>{shown(y.placed)}</td>
              <td>{shown(y.progressed)}</td>
              <td>{formatShare(t.language, y.successRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
