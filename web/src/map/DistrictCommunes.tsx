import { useT } from '../app/i18n';
import type { MetricRow } from '../app/data';

/** The communes of the district chosen on the district map, each opening its own panel. */
export function DistrictCommunes({ name, communes, onSelect }: { name: string; communes: readonly MetricRow[]; onSelect: (code: string) => void }) {
  const t = useT();
  const collator = new Intl.Collator(t.language === 'vi' ? 'vi' : 'en');
  return (
    <nav className="ab-district-communes" aria-label={t('communesOf', { name })}>
      <h2>
        {t('communesOf', { name })} <small>({communes.length})</small>
      </h2>
      <ul>
        {[...communes]
          .sort((a, b) => collator.compare(a.name, b.name))
          .map((c) => (
            <li key={c.code}>
              <button type="button" className="ab-link" onClick={() => onSelect(c.code)}>
                {c.name}
              </button>
            </li>
          ))}
      </ul>
    </nav>
  );
}
