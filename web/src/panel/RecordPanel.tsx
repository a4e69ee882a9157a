import { useEffect, useRef } from 'react';
import { useQuery } from 'urql';
import { formatNumber, useT } from '../app/i18n';
import { useRefetch } from '../app/data';
import { enumWords, type LayerEntry, type RecordDescription, type RecordList } from '../map/layers';

/** A GraphQL name from the hub's description, checked before it goes into a query. */
const graphqlName = (name: string) => {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`Not a GraphQL name: ${name}`);
  return name;
};

/** The lists a panel shows: those of records drawn on the map, which have a name in both languages. */
export const shownLists = (record: RecordDescription) => record.lists.filter((l): l is RecordList & { label: { vi: string; en: string } } => l.label !== null);

/** The fields of a record's period, as its description names them. */
const periodFields = (record: RecordDescription) => Object.values(record.period).map(graphqlName);

/** What to ask for one record: its name, period, enumerated fields (and length, a route), and the records naming it that the map draws. */
export function recordQuery(record: RecordDescription, line: boolean): string {
  const listed = shownLists(record)
    .map(
      (l) =>
        `${graphqlName(l.field)}(first: 20) { totalCount nodes { id${l.name ? ` ${graphqlName(l.name)}` : ''}${l.geometry === 'line' ? ' lengthKm' : ''} } }`,
    )
    .join(' ');
  const own = [
    ...(record.name ? [graphqlName(record.name)] : []),
    ...periodFields(record),
    ...record.enums.map((e) => graphqlName(e.field)),
    ...(line ? ['lengthKm'] : []),
  ];
  return `query Record($id: ID!) { node(id: $id) { id ... on ${graphqlName(record.type)} { ${own.join(' ')} ${listed} } } }`;
}

type Listed = { totalCount: number; nodes: Record<string, string | number | null>[] };

/**
 * A record the map draws, opened by a click (a model): its name, kind and dates, and the records that name it
 * drawn on the map (its camera sites, its patrol routes with their lengths), all as the hub's layer index describes them.
 */
export default function RecordPanel({
  layer,
  id,
  dataVersion = 0,
  onClose,
}: {
  layer: LayerEntry & { record: RecordDescription };
  /** The record's global id. */
  id: string;
  dataVersion?: number;
  onClose: () => void;
}) {
  const t = useT();
  const record = layer.record;
  const line = layer.geometry === 'line';
  const heading = useRef<HTMLHeadingElement>(null);
  const [{ data, fetching, error }, reexecute] = useQuery<{ node: Record<string, unknown> | null }>({ query: recordQuery(record, line), variables: { id } });
  useRefetch(dataVersion, reexecute);
  const node = data?.node;
  const loadedId = node?.id;
  useEffect(() => {
    if (loadedId) heading.current?.focus();
  }, [loadedId]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  const text = (field: string) => (node?.[field] as string | null | undefined) ?? null;
  const period = record.period;
  const dates =
    'on' in period
      ? text(period.on)
      : 'year' in period
        ? String((node?.[period.year] as number | undefined) ?? '')
        : t('recordPeriod', { from: text(period.from) ?? '…', to: text(period.to) ?? t('ongoing') });
  const words = record.enums.flatMap((e) => {
    const value = node?.[e.field];
    return (Array.isArray(value) ? value : value == null ? [] : [value]).map((v: string) => enumWords(record, e.field, v, t.language));
  });

  return (
    <aside className="ab-panel ab-record" aria-labelledby="ab-record-title" aria-busy={fetching}>
      <button type="button" className="ab-close" onClick={onClose} aria-label={t('close')}>
        ×
      </button>
      {error && (
        <p role="alert">
          {t('failed')}: {error.graphQLErrors[0]?.message ?? error.message}
        </p>
      )}
      {node === null && !error && <p role="status">{t('recordGone')}</p>}
      {node && (
        <>
          <p className="ab-muted">{layer.label[t.language]}</p>
          <h2 id="ab-record-title" tabIndex={-1} ref={heading}>
            {(record.name && text(record.name)) || layer.label[t.language]}
          </h2>
          {words.length > 0 && <p>{words.join(' · ')}</p>}
          <p>{dates}</p>
          {line && typeof node.lengthKm === 'number' && <p>{t('routeLength', { km: formatNumber(t.language, node.lengthKm, 2) })}</p>}
          {shownLists(record).map((list) => {
            const listed = node[list.field] as Listed | undefined;
            if (!listed) return null;
            return (
              <section key={list.field} aria-labelledby={`ab-record-${list.field}`}>
                <h3 id={`ab-record-${list.field}`}>
                  {list.label[t.language]} ({formatNumber(t.language, listed.totalCount)})
                </h3>
                {listed.totalCount === 0 ? (
                  <p className="ab-muted">{t('noneListed')}</p>
                ) : (
                  <ul className="ab-list">
                    {listed.nodes.map((item) => (
                      <li key={String(item.id)}>
                        {list.name ? String(item[list.name] ?? '') : String(item.id)}
                        {typeof item.lengthKm === 'number' && (
                          <span className="ab-muted"> · {t('routeLength', { km: formatNumber(t.language, item.lengthKm, 2) })}</span>
                        )}
                      </li>
                    ))}
                    {listed.totalCount > listed.nodes.length && <li className="ab-muted">{t('more', { n: listed.totalCount - listed.nodes.length })}</li>}
                  </ul>
                )}
              </section>
            );
          })}
        </>
      )}
    </aside>
  );
}
