import { useEffect, useState } from 'react';
import { useT } from '../app/i18n';
import { years, type View } from '../app/view';

/** How long each year stays on screen while playing. */
const playStep = 1500;

/** The years as a slider that can play through them, and the "change since" choice. */
export function TimeSlider({ view, update }: { view: View; update: (change: Partial<View>) => void }) {
  const t = useT();
  const [playing, setPlaying] = useState(false);
  const first = years[0];
  const last = years[years.length - 1];
  useEffect(() => {
    if (!playing) return;
    const timer = window.setInterval(() => {
      if (view.year >= last) setPlaying(false);
      else update({ year: view.year + 1, ...(view.since === view.year + 1 ? { since: null } : {}) });
    }, playStep);
    return () => window.clearInterval(timer);
  }, [playing, view.year, view.since, last, update]);

  return (
    <div className="ab-timeline" role="group" aria-label={t('timeline')}>
      <button
        type="button"
        className="ab-play"
        aria-pressed={playing}
        aria-label={playing ? t('pause') : t('play')}
        title={playing ? t('pause') : t('play')}
        onClick={() => {
          if (!playing && view.year >= last) update({ year: first, since: null });
          setPlaying((p) => !p);
        }}
      >
        {playing ? '❚❚' : '▶'}
      </button>
      <label className="ab-year-range">
        <span className="ab-visually-hidden">{t('timeline')}</span>
        <input
          type="range"
          min={first}
          max={last}
          step={1}
          value={view.year}
          list="ab-years"
          onChange={(e) => {
            const year = Number(e.target.value);
            update({ year, ...(view.since === year ? { since: null } : {}) });
          }}
        />
        <datalist id="ab-years">
          {years.map((y) => (
            <option key={y} value={y} label={String(y)} />
          ))}
        </datalist>
        <output>{view.year}</output>
      </label>
      <label>
        <span>{t('compareWith')}</span>
        <select value={view.since ?? ''} onChange={(e) => update({ since: e.target.value ? Number(e.target.value) : null })}>
          <option value="">{t('noComparison')}</option>
          {years
            .filter((y) => y !== view.year)
            .map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
        </select>
      </label>
      {view.since !== null && (
        <label>
          <span className="ab-visually-hidden">{t('compareWith')}</span>
          <select value={view.change} onChange={(e) => update({ change: e.target.value as View['change'] })}>
            <option value="difference">{t('changeDifference')}</option>
            <option value="ratio">{t('changeRatio')}</option>
          </select>
        </label>
      )}
    </div>
  );
}
