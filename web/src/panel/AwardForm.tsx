import { useId, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { CommendationForm, RecipientKind, todayInVietnam } from '@anbinh/shared';
import { useT, vocabulary } from '../app/i18n';
import { refusals, type Refusal } from './refusal';

const AwardMutation = `mutation AwardCommendation($input: AwardCommendationInput!) {
  awardCommendation(input: $input) { id recipientName form awardedOn }
}`;

const fields = ['recipientKind', 'recipientName', 'form', 'awardedOn', 'reason'] as const;
type FieldName = (typeof fields)[number];

/** An officer's form to record a commendation in the place shown; the server checks everything again. */
export function AwardForm({ unitCode, onSaved }: { unitCode: string; onSaved: () => void }) {
  const t = useT();
  const id = useId();
  const label = (name: FieldName) => t(name);
  const [values, setValues] = useState({
    recipientKind: RecipientKind.COLLECTIVE,
    recipientName: '',
    form: CommendationForm.LETTER_OF_COMMENDATION,
    awardedOn: todayInVietnam(),
    reason: '',
  });
  const [errors, setErrors] = useState<Refusal[]>([]);
  const [saved, setSaved] = useState(false);
  const [state, award] = useMutation(AwardMutation);
  const set = (name: FieldName, value: string) => {
    setValues((v) => ({ ...v, [name]: value }));
    setSaved(false);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors([]);
    const answer = await award({ input: { unitCode, ...values } });
    if (answer.error) {
      setErrors(refusals(t.language, answer.error, (f) => ((fields as readonly string[]).includes(f) ? label(f as FieldName) : f)));
      return;
    }
    setValues((v) => ({ ...v, recipientName: '', reason: '' }));
    setSaved(true);
    onSaved();
  };
  const invalid = (name: FieldName) => errors.some((e) => e.field === name);
  const describedBy = (name: FieldName) => (invalid(name) ? `${id}-${name}-error` : undefined);
  const errorFor = (name: FieldName) =>
    invalid(name) && (
      <span id={`${id}-${name}-error`} role="alert" className="ab-field-error">
        {errors
          .filter((e) => e.field === name)
          .map((e) => e.text)
          .join(' ')}
      </span>
    );
  // Refusals about no field of this form (the place, the account…) show under it.
  const general = errors.filter((e) => !e.field || !(fields as readonly string[]).includes(e.field));
  return (
    <form className="ab-award" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`}>{t('awardTitle')}</h3>
      <label>
        {label('recipientKind')}
        <select value={values.recipientKind} onChange={(e) => set('recipientKind', e.target.value)} aria-describedby={describedBy('recipientKind')}>
          {Object.values(RecipientKind).map((k) => (
            <option key={k} value={k}>
              {vocabulary(t.language, 'RecipientKind', k)}
            </option>
          ))}
        </select>
      </label>
      {errorFor('recipientKind')}
      <label>
        {label('recipientName')}
        <input
          value={values.recipientName}
          maxLength={300}
          onChange={(e) => set('recipientName', e.target.value)}
          aria-invalid={invalid('recipientName')}
          aria-describedby={describedBy('recipientName')}
        />
      </label>
      {errorFor('recipientName')}
      <label>
        {label('form')}
        <select value={values.form} onChange={(e) => set('form', e.target.value)} aria-describedby={describedBy('form')}>
          {Object.values(CommendationForm).map((f) => (
            <option key={f} value={f}>
              {vocabulary(t.language, 'CommendationForm', f)}
            </option>
          ))}
        </select>
      </label>
      {errorFor('form')}
      <label>
        {label('awardedOn')}
        <input
          type="date"
          value={values.awardedOn}
          onChange={(e) => set('awardedOn', e.target.value)}
          aria-invalid={invalid('awardedOn')}
          aria-describedby={describedBy('awardedOn')}
        />
      </label>
      {errorFor('awardedOn')}
      <label>
        {label('reason')}
        <textarea
          value={values.reason}
          maxLength={2000}
          rows={2}
          onChange={(e) => set('reason', e.target.value)}
          aria-invalid={invalid('reason')}
          aria-describedby={describedBy('reason')}
        />
      </label>
      {errorFor('reason')}
      {general.length > 0 && (
        <p role="alert" className="ab-field-error">
          {general.map((e) => e.text).join(' ')}
        </p>
      )}
      <button type="submit" disabled={state.fetching}>
        {t('save')}
      </button>
      {saved && <p role="status">{t('saved')}</p>}
    </form>
  );
}
