import { lazy, Suspense, useEffect, useRef } from 'react';
import { useQuery } from 'urql';
import { formatNumber, formatShare, useT, vocabulary } from '../app/i18n';
import { TrendChart, type TrendYear } from './TrendChart';
import { useRefetch } from '../app/data';

// Officers' forms (and their refusal catalogue) load only for a signed-in officer.
const AwardForm = lazy(() => import('./AwardForm').then((m) => ({ default: m.AwardForm })));
const CaseForm = lazy(() => import('./CaseForm').then((m) => ({ default: m.CaseForm })));

export const PlaceQuery = `query Place($code: String!, $asOf: Date!, $year: Int!, $from: Date!, $to: Date!) {
  adminUnit(code: $code, asOf: $asOf) {
    code name level kind validFrom validTo formerNames
    exemplary { note noteEn year }
    parent { name }
    successors { code name }
    predecessors { code name }
    commendationSummary(year: $year) { total counts { form recipientKind count } }
    commendations(first: 10, from: $from, to: $to) { totalCount nodes { id recipientName recipientKind form awardedOn } }
    rehabilitation(year: $year) { placed progressed successRate suppressed byYear { year placed progressed successRate suppressed } }
    securityModels(first: 6, from: $from, to: $to) { totalCount nodes { id name kind exemplary } }
    cameraSites(first: 0, from: $from, to: $to) { totalCount }
    reportMailboxes(first: 0, from: $from, to: $to) { totalCount }
  }
}`;

interface Place {
  code: string;
  name: string;
  level: string;
  kind: string;
  validFrom: string;
  validTo: string | null;
  formerNames: string[];
  exemplary: { note: string; noteEn: string; year: number } | null;
  parent: { name: string } | null;
  successors: { code: string; name: string }[];
  predecessors: { code: string; name: string }[];
  commendationSummary: { total: number; counts: { form: string; recipientKind: string; count: number }[] };
  commendations: { totalCount: number; nodes: { id: string; recipientName: string; recipientKind: string; form: string; awardedOn: string }[] };
  rehabilitation: {
    placed: number | null;
    progressed: number | null;
    successRate: number | null;
    suppressed: boolean;
    byYear: (TrendYear & { suppressed: boolean })[];
  };
  securityModels: { totalCount: number; nodes: { id: string; name: string; kind: string; exemplary: boolean }[] };
  cameraSites: { totalCount: number };
  reportMailboxes: { totalCount: number };
}

/** A place that is not on the map being read: its versions' names and where its territory went or came from. */
const LineageQuery = `query PlaceLineage($code: String!) {
  adminUnit(code: $code) { name validFrom validTo successors { code name } predecessors { code name } }
}`;

export function placeVariables(code: string, asOf: string, year: number) {
  return { code, asOf, year, from: `${year}-01-01`, to: `${year}-12-31` };
}

/** The same data in the GraphQL IDE: the panel's own query, ready to run. */
export function ideLink(code: string, asOf: string, year: number): string {
  const q = new URLSearchParams({ document: PlaceQuery, variables: JSON.stringify(placeVariables(code, asOf, year), null, 2) });
  return `/graphql?${q}`;
}

/** A place's commendations, rehabilitation successes, models, cameras and mailboxes for the year. */
export function PlacePanel({
  code,
  asOf,
  year,
  onClose,
  onSelect,
  writable = false,
  dataVersion = 0,
  onWritten,
}: {
  code: string;
  asOf: string;
  year: number;
  onClose: () => void;
  onSelect: (code: string) => void;
  /** Show the officer's forms (the server still decides). */
  writable?: boolean;
  dataVersion?: number;
  onWritten?: () => void;
}) {
  const t = useT();
  const heading = useRef<HTMLHeadingElement>(null);
  const [{ data, fetching, error }, reexecute] = useQuery<{ adminUnit: Place }>({ query: PlaceQuery, variables: placeVariables(code, asOf, year) });
  useRefetch(dataVersion, reexecute);
  const place = data?.adminUnit;
  const notOnThisMap = error?.graphQLErrors.some((e) => e.extensions?.code === 'BAD_USER_INPUT' && /not in force/.test(e.message)) ?? false;
  const [lineage] = useQuery<{
    adminUnit: {
      name: string;
      validFrom: string;
      validTo: string | null;
      successors: { code: string; name: string }[];
      predecessors: { code: string; name: string }[];
    };
  }>({
    query: LineageQuery,
    variables: { code },
    pause: !notOnThisMap,
  });
  const other = lineage.data?.adminUnit;
  // Focus moves to the panel's heading when a place opens, so keyboard and screen-reader users land on it.
  const placeCode = place?.code;
  useEffect(() => {
    if (placeCode) heading.current?.focus();
  }, [placeCode]);
  // Escape closes the panel from anywhere on the page (a list that handles Escape itself prevents the default).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  const vocab = (group: Parameters<typeof vocabulary>[1], value: string) => vocabulary(t.language, group, value);

  return (
    <aside className="ab-panel" aria-labelledby="ab-panel-title" aria-busy={fetching}>
      <button type="button" className="ab-close" onClick={onClose} aria-label={t('close')}>
        ×
      </button>
      {error && !notOnThisMap && (
        <p role="alert">
          {t('failed')}: {error.graphQLErrors[0]?.message ?? error.message}
        </p>
      )}
      {notOnThisMap && other && (
        <>
          <h2 id="ab-panel-title">{other.name}</h2>
          <p role="status">{t('notOnThisMap', { from: other.validFrom, to: other.validTo ?? '…' })}</p>
          {[...other.successors, ...other.predecessors].length > 0 && (
            <ul className="ab-list">
              {[...(asOf >= (other.validTo ?? '9999') ? other.successors : other.predecessors)].map((u) => (
                <li key={u.code}>
                  <button type="button" className="ab-link" onClick={() => onSelect(u.code)}>
                    {u.name}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {!place && fetching && <p>{t('loading')}</p>}
      {place && (
        <>
          <h2 id="ab-panel-title" tabIndex={-1} ref={heading}>
            {place.name}
          </h2>
          <p className="ab-muted">
            {vocab('UnitKind', place.kind)}
            {place.parent ? ` · ${place.parent.name}` : ''} · {t('inForce')} {t('since')} {place.validFrom}
            {place.validTo ? ` ${t('until')} ${place.validTo}` : ''}
          </p>
          {place.exemplary && (
            <p className="ab-exemplary" role="note">
              <strong>{t('exemplaryIn', { year: place.exemplary.year })}</strong> {t.language === 'vi' ? place.exemplary.note : place.exemplary.noteEn}
            </p>
          )}
          {place.formerNames.length > 0 && (
            <p>
              <strong>{t('formerNames')}:</strong> {place.formerNames.join(', ')}
            </p>
          )}
          {place.predecessors.length > 0 && (
            <p>
              <strong>{t('formedFrom')}:</strong> {place.predecessors.map((p) => p.name).join(', ')}
            </p>
          )}
          {place.successors.length > 0 && (
            <p>
              <strong>{t('becameParts')}:</strong>{' '}
              {place.successors.map((s, i) => (
                <span key={s.code}>
                  {i > 0 && ', '}
                  <button type="button" className="ab-link" onClick={() => onSelect(s.code)}>
                    {s.name}
                  </button>
                </span>
              ))}
            </p>
          )}

          <section aria-labelledby="ab-rehab">
            <h3 id="ab-rehab">
              {t('rehabilitation')} <small>{t('inYear', { year })}</small>
            </h3>
            <dl className="ab-figures">
              <div>
                <dt>{t('placed')}</dt>
                <dd>{formatNumber(t.language, place.rehabilitation.placed)}</dd>
              </div>
              <div>
                <dt>{t('progressed')}</dt>
                <dd>{formatNumber(t.language, place.rehabilitation.progressed)}</dd>
              </div>
              <div>
                <dt>{t('successRate')}</dt>
                <dd>{formatShare(t.language, place.rehabilitation.successRate)}</dd>
              </div>
            </dl>
            <TrendChart years={place.rehabilitation.byYear} highlight={year} />
            {(place.rehabilitation.suppressed || place.rehabilitation.byYear.some((y) => y.suppressed)) && <p className="ab-muted">{t('suppressed')}</p>}
          </section>

          <section aria-labelledby="ab-commendations">
            <h3 id="ab-commendations">
              {t('commendations')}{' '}
              <small>
                {t('inYear', { year })}: {place.commendationSummary.total}
              </small>
            </h3>
            {place.commendationSummary.total === 0 && <p className="ab-muted">{t('noCommendations')}</p>}
            {place.commendationSummary.counts.length > 0 && (
              <ul className="ab-counts">
                {place.commendationSummary.counts.map((c) => (
                  <li key={`${c.form}-${c.recipientKind}`}>
                    {vocab('CommendationForm', c.form)} · {vocab('RecipientKind', c.recipientKind)}: <strong>{c.count}</strong>
                  </li>
                ))}
              </ul>
            )}
            <ul className="ab-list">
              {place.commendations.nodes.map((c) => (
                <li key={c.id}>
                  {c.recipientName}{' '}
                  <small className="ab-muted">
                    · {vocab('CommendationForm', c.form)} · {c.awardedOn}
                  </small>
                </li>
              ))}
            </ul>
          </section>

          <section aria-labelledby="ab-movement">
            <h3 id="ab-movement">
              {t('securityModels')}: {place.securityModels.totalCount}
            </h3>
            <ul className="ab-list">
              {place.securityModels.nodes.map((m) => (
                <li key={m.id}>
                  {m.name}
                  {m.exemplary && <small className="ab-badge"> {t('exemplary')}</small>}
                </li>
              ))}
              {place.securityModels.totalCount > place.securityModels.nodes.length && (
                <li className="ab-muted">{t('more', { n: place.securityModels.totalCount - place.securityModels.nodes.length })}</li>
              )}
            </ul>
            <dl className="ab-figures">
              <div>
                <dt>{t('cameraSites')}</dt>
                <dd>{formatNumber(t.language, place.cameraSites.totalCount)}</dd>
              </div>
              <div>
                <dt>{t('reportMailboxes')}</dt>
                <dd>{formatNumber(t.language, place.reportMailboxes.totalCount)}</dd>
              </div>
            </dl>
          </section>
          {writable && (
            <Suspense fallback={<p>{t('loading')}</p>}>
              <AwardForm unitCode={place.code} onSaved={() => onWritten?.()} />
              <CaseForm unitCode={place.code} asOf={asOf} onSaved={() => onWritten?.()} />
            </Suspense>
          )}
          <p>
            <a href={ideLink(place.code, asOf, year)} target="_blank" rel="noopener">
              {t('openInIde')}
            </a>
          </p>
        </>
      )}
    </aside>
  );
}
