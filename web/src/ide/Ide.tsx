import type { ComponentProps } from 'react';
import { GraphiQL } from 'graphiql';
import { examples, operationName, type Example } from './examples';

type Fetcher = ComponentProps<typeof GraphiQL>['fetcher'];

/** POSTs to /graphql on this origin: the IDE talks to no other host. */
const fetcher: Fetcher = async (params, options) => {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...options?.headers,
    },
    body: JSON.stringify(params),
  });
  if (!/json/.test(response.headers.get('content-type') ?? '')) {
    throw new Error(`/graphql answered ${response.status} ${response.statusText} without a GraphQL response · máy chủ không trả về kết quả GraphQL.`);
  }
  return response.json();
};

const named = examples.map((example) => ({ ...example, name: operationName(example.query)! }));

/**
 * `?example=<operation name>` opens that example; `?document=<GraphQL>&variables=<JSON>`
 * opens that query (the map's "see this data" links): as the active tab on a
 * first visit, else as a new tab (or the open tab that already holds it
 * untouched). Read once, when the page loads, and dropped from the address so
 * that a reload does not open it again.
 */
const opened: Example | undefined = (() => {
  const params = new URLSearchParams(window.location.search);
  const wanted = params.get('example');
  const document = params.get('document');
  const variables = params.get('variables') ?? undefined;
  if (wanted === null && document === null) return undefined;
  for (const name of ['example', 'document', 'variables']) params.delete(name);
  const search = params.toString() ? `?${params}` : '';
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}${window.location.hash}`);
  if (document !== null) return { title: operationName(document) ?? 'Query', query: document, variables };
  return named.find((e) => e.name === wanted);
})();

// On a first visit the tabs are the examples, the requested one first; later
// GraphiQL restores the user's own tabs from localStorage.
const defaultTabs = (opened ? [opened, ...examples.filter((e) => e.query !== opened.query)] : examples).map(({ query, variables }) => ({ query, variables }));

const cssString = (text: string) => `"${text.replace(/[\\"]/g, '\\$&').replace(/\n/g, '\\A ')}"`;

/**
 * GraphiQL names a tab after its operation (ASCII only); show the example's
 * bilingual title instead while the tab keeps that operation name.
 */
const tabTitles = named
  .map(({ name, title }) => {
    const button = `.graphiql-tab-button[title=${cssString(name)}]`;
    return `${button}{font-size:0}${button}::before{content:${cssString(title)};font-size:var(--font-size-body)}`;
  })
  .join('\n');

export function Ide() {
  return (
    <div className="ab-ide">
      <style>{tabTitles}</style>
      <header className="ab-header">
        <strong>An Bình · GraphQL</strong>
        <a href="/">Bản đồ · Map</a>
        <label className="ab-examples">
          <span>Ví dụ · Examples</span>{' '}
          <select
            value=""
            onChange={(event) => {
              if (event.target.value) window.location.assign(`?example=${encodeURIComponent(event.target.value)}`);
            }}
          >
            <option value="">Mở một ví dụ… · Open one…</option>
            {named.map(({ name, title }) => (
              <option key={name} value={name}>
                {title}
              </option>
            ))}
          </select>
        </label>
      </header>
      <main className="ab-graphiql">
        <GraphiQL fetcher={fetcher} defaultTabs={defaultTabs} initialQuery={opened?.query} initialVariables={opened ? (opened.variables ?? '') : undefined} />
      </main>
    </div>
  );
}
