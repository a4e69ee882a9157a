import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { useT } from './i18n';
import type { Session } from './session';

const SignInMutation = `mutation SignIn($username: String!, $password: String!) {
  signIn(username: $username, password: $password) { token expiresAt viewer { role subject units } }
}`;

/** Sign-in for officers (the hub's own users), or the signed-in user with a way out. */
export function SignIn({ session, onChange }: { session: Session | null; onChange: (session: Session | null) => void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [result, signIn] = useMutation<{ signIn: Session }>(SignInMutation);
  if (session) {
    return (
      <span className="ab-session">
        {session.viewer.subject} · {t('role')}: {session.viewer.role}
        <button type="button" onClick={() => onChange(null)}>
          {t('signOut')}
        </button>
      </span>
    );
  }
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {t('signIn')}
      </button>
    );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const answer = await signIn({ username, password });
    if (answer.data) {
      setPassword('');
      setOpen(false);
      onChange(answer.data.signIn);
    }
  };
  return (
    <form className="ab-signin" onSubmit={(e) => void submit(e)} aria-label={t('signIn')}>
      <label>
        {t('username')} <input autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
      </label>
      <label>
        {t('password')} <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </label>
      <button type="submit" disabled={result.fetching}>
        {t('signIn')}
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        {t('cancel')}
      </button>
      {result.error && (
        <span role="alert" className="ab-field-error">
          {result.error.graphQLErrors[0]?.message ?? result.error.message}
        </span>
      )}
    </form>
  );
}
