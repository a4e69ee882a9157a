import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { CaseOutcome, todayInVietnam } from '@anbinh/shared';
import { useT, vocabulary, type MessageId } from '../app/i18n';
import { refusals } from './refusal';

const OpenCasesQuery = `query OpenCases($unitCode: String!, $asOf: Date!) {
  communityEducationCases(filter: { unitCode: $unitCode, asOf: $asOf }, first: 100) { nodes { id reference placedOn outcome version } }
}`;
const CloseMutation = `mutation CloseCase($input: CloseCaseInput!) {
  closeCommunityEducationCase(input: $input) { id outcome releasedOn version }
}`;

interface OpenCase {
  id: string;
  reference: string;
  placedOn: string;
  outcome: string | null;
  version: number;
}

/** An officer's form to record how an open community-education case of the place ended (by pseudonymous reference). */
export function CaseForm({ unitCode, asOf, onSaved }: { unitCode: string; asOf: string; onSaved: () => void }) {
  const t = useT();
  const id = useId();
  const [{ data }, reload] = useQuery<{ communityEducationCases: { nodes: OpenCase[] } }>({ query: OpenCasesQuery, variables: { unitCode, asOf } });
  const open = (data?.communityEducationCases.nodes ?? []).filter((c) => c.outcome === null);
  const [caseId, setCaseId] = useState('');
  const [outcome, setOutcome] = useState<string>(CaseOutcome.PROGRESSED);
  const [releasedOn, setReleasedOn] = useState(todayInVietnam());
  const [message, setMessage] = useState<{ error: boolean; text: string; onDate?: boolean } | null>(null);
  const [state, close] = useMutation(CloseMutation);
  const chosen = open.find((c) => c.id === caseId) ?? open[0];
  if (!chosen) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const answer = await close({ input: { caseId: chosen.id, version: chosen.version, outcome, releasedOn } });
    if (answer.error) {
      const labels: Record<string, MessageId> = { releasedOn: 'releasedOn', outcome: 'caseOutcome', caseId: 'caseReference' };
      const found = refusals(t.language, answer.error, (f) => (labels[f] ? t(labels[f]) : f));
      setMessage({ error: true, text: found.map((r) => r.text).join(' '), onDate: found.some((r) => r.field === 'releasedOn') });
      return;
    }
    setMessage({ error: false, text: t('caseSaved') });
    setCaseId('');
    reload({ requestPolicy: 'network-only' });
    onSaved();
  };
  return (
    <form className="ab-award" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`}>{t('caseTitle')}</h3>
      <label>
        {t('caseReference')}
        <select value={chosen.id} onChange={(e) => setCaseId(e.target.value)}>
          {open.map((c) => (
            <option key={c.id} value={c.id}>
              {c.reference} · {c.placedOn}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('caseOutcome')}
        <select value={outcome} onChange={(e) => setOutcome(e.target.value)}>
          {Object.values(CaseOutcome).map((o) => (
            <option key={o} value={o}>
              {vocabulary(t.language, 'CaseOutcome', o)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('releasedOn')}
        <input
          type="date"
          value={releasedOn}
          onChange={(e) => setReleasedOn(e.target.value)}
          aria-invalid={message?.onDate ?? false}
          aria-describedby={message?.onDate ? `${id}-error` : undefined}
        />
      </label>
      {message?.error && (
        <span id={`${id}-error`} role="alert" className="ab-field-error">
          {message.text}
        </span>
      )}
      <button type="submit" disabled={state.fetching}>
        {t('save')}
      </button>
      {message && !message.error && <p role="status">{message.text}</p>}
    </form>
  );
}
