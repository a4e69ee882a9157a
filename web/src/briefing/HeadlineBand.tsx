import { useQuery } from 'urql';
import './briefing.css';
import { formatNumber, useT } from '../app/i18n';
import { useRefetch } from '../app/data';
import { hasPreviousYear, HeadlineQuery, headlines, headlineVariables, type Headline, type HeadlineData } from './headline';

/** The band's figures; the printed briefing reads the same (one request, from urql's cache). */
export function useHeadlines(unitCode: string | null, asOf: string, year: number, dataVersion = 0): { figures: Headline[] | null; error: boolean } {
  const [{ data, error }, reexecute] = useQuery<HeadlineData>({ query: HeadlineQuery, variables: headlineVariables(unitCode, asOf, year) });
  useRefetch(dataVersion, reexecute);
  return { figures: data ? headlines(data) : null, error: Boolean(error) };
}

/** "▲ 12" / "▼ 3" / "= 0": a figure's change from the year before, or nothing when it cannot be said. */
export function formatChange(language: 'vi' | 'en', change: number | null): string {
  if (change === null) return '';
  return `${change > 0 ? '▲' : change < 0 ? '▼' : '='} ${formatNumber(language, Math.abs(change))}`;
}

/** The headline figures of the place shown (the province by default) for the year, each with its change from the year before. */
export function HeadlineBand({
  unitCode,
  placeName,
  asOf,
  year,
  dataVersion = 0,
}: {
  unitCode: string | null;
  placeName: string;
  asOf: string;
  year: number;
  dataVersion?: number;
}) {
  const t = useT();
  const { figures, error } = useHeadlines(unitCode, asOf, year, dataVersion);
  return (
    <section className="ab-headline" aria-labelledby="ab-headline-title">
      <h2 id="ab-headline-title">
        {placeName} · {t('inYear', { year })} {hasPreviousYear(year) && <small>{t('changeFrom', { year: year - 1 })}</small>}
      </h2>
      {error && <p role="alert">{t('failed')}</p>}
      {figures && (
        <dl>
          {figures.map((f) => (
            <div key={f.key} data-figure={f.key}>
              <dt>{t(f.label)}</dt>
              <dd>
                <strong>{formatNumber(t.language, f.value)}</strong>{' '}
                {f.change !== null && (
                  <span className={f.change > 0 ? 'ab-up' : f.change < 0 ? 'ab-down' : 'ab-same'}>{formatChange(t.language, f.change)}</span>
                )}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
