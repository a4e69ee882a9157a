import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { Provider, type Client } from 'urql';
import { fromValue, never } from 'wonka';
import { LanguageContext, type Language } from '../app/i18n';

/**
 * Renders a component with a stand-in urql client that answers each operation
 * from `answer(query, variables)` (undefined: never answers, as if loading),
 * and records what was asked.
 */
export function renderWithData(ui: ReactElement, answer: (query: string, variables: Record<string, unknown>) => object | undefined, language: Language = 'vi') {
  const asked: { query: string; variables: Record<string, unknown> }[] = [];
  const client = {
    executeQuery: ({ query, variables }: { query: { loc?: { source: { body: string } } }; variables: Record<string, unknown> }) => {
      const body = query.loc?.source.body ?? '';
      asked.push({ query: body, variables });
      const data = answer(body, variables);
      return data === undefined ? never : fromValue({ data, stale: false, hasNext: false });
    },
    executeMutation: () => never,
    executeSubscription: () => never,
  } as unknown as Client;
  const result = render(
    <LanguageContext.Provider value={language}>
      <Provider value={client}>{ui}</Provider>
    </LanguageContext.Provider>,
  );
  return { ...result, asked };
}
