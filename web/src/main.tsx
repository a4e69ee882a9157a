import { StrictMode, useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import { Client, Provider, cacheExchange, fetchExchange } from 'urql';
import '@fontsource/noto-sans/latin-400.css';
import '@fontsource/noto-sans/vietnamese-400.css';
import '@fontsource/noto-sans/latin-700.css';
import '@fontsource/noto-sans/vietnamese-700.css';
import './app/app.css';
import { App } from './app/App';
import { useSession } from './app/session';

/**
 * One GraphQL client per session: signing in or out starts a fresh cache, since
 * what the hub answers depends on who asks. The preflight header satisfies the
 * server's CSRF protection, which refuses plain GETs a page on another site could send.
 */
function Root() {
  const [session, setSession] = useSession();
  const client = useMemo(
    () =>
      new Client({
        url: '/graphql',
        exchanges: [cacheExchange, fetchExchange],
        fetchOptions: { headers: { 'apollo-require-preflight': 'true', ...(session ? { authorization: `Bearer ${session.token}` } : {}) } },
      }),
    [session],
  );
  return (
    <Provider value={client}>
      <App session={session} onSession={setSession} />
    </Provider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
