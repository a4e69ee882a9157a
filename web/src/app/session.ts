import { useCallback, useState } from 'react';

export interface Session {
  token: string;
  expiresAt: string;
  viewer: { role: string; subject: string | null; units: string[] };
}

const key = 'anbinh.session';

/** The signed-in session, kept for the browser tab (sessionStorage), dropped once its token has expired. */
export function readSession(): Session | null {
  try {
    const session = JSON.parse(sessionStorage.getItem(key) ?? 'null') as Session | null;
    return session && Date.parse(session.expiresAt) > Date.now() ? session : null;
  } catch {
    return null;
  }
}

export function useSession(): [Session | null, (session: Session | null) => void] {
  const [session, setSession] = useState(readSession);
  const update = useCallback((next: Session | null) => {
    if (next) sessionStorage.setItem(key, JSON.stringify(next));
    else sessionStorage.removeItem(key);
    setSession(next);
  }, []);
  return [session, update];
}

/** Whether a session may record facts (the server decides which places). */
export const canWrite = (session: Session | null) => session?.viewer.role === 'OFFICER' || session?.viewer.role === 'ADMIN';
