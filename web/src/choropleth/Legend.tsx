import { useState } from 'react';
import { useT } from '../app/i18n';
import type { View } from '../app/view';
import { pointColours, pointLayers, type PointLayer } from '../map/points';
import { lineColour } from '../map/style';
import type { LayerEntry } from '../map/layers';
import { legendRows, noDataColour } from './classes';
import type { Choropleth } from './useChoropleth';

/** The choropleth's classes and why a unit is grey, the layer toggles and the map's symbols, in one box; on a phone, behind a button. */
export function Legend(props: {
  title: string;
  unit: string;
  choropleth: Choropleth;
  classMode: View['classes'];
  /** Set in the change view, where classes are centred on no change. */
  changing: boolean;
  onClassMode: (mode: View['classes']) => void;
  visible: Record<string, boolean>;
  /** The hub's line layers (patrol routes…), each toggled by its own name. */
  lineLayers: readonly LayerEntry[];
  onToggle: (layer: string, on: boolean) => void;
}) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const { classes, has, definition, edge } = props.choropleth;
  const names: Record<PointLayer, string> = { cameras: t('cameras'), mailboxes: t('mailboxes'), models: t('models'), heritage: t('heritage') };
  return (
    <section className="ab-legend" data-open={open} aria-labelledby="ab-legend-title">
      <button type="button" className="ab-legend-toggle" aria-expanded={open} aria-controls="ab-legend-body" onClick={() => setOpen((o) => !o)}>
        {t('legend')}
      </button>
      <div id="ab-legend-body" className="ab-legend-body">
        <h2 id="ab-legend-title">
          {props.title} <small>({props.unit})</small>
        </h2>
        <ul className="ab-classes">
          {classes &&
            legendRows(classes).map((row) => (
              <li key={row.colour}>
                <span className="ab-swatch" style={{ background: row.colour }} />
                {row.closed && row.from === row.to ? edge(row.from) : `${edge(row.from)} – ${row.closed ? '' : `${t('under')} `}${edge(row.to)}`}
              </li>
            ))}
          {has.WITHHELD && (
            <li>
              <span className="ab-swatch ab-swatch-withheld" />
              {t('withheld')}
            </li>
          )}
          {has.NOT_APPLICABLE && (
            <li>
              <span className="ab-swatch" style={{ background: noDataColour }} />
              {t('notApplicable')}
            </li>
          )}
          <li>
            <span className="ab-swatch ab-swatch-line" />
            {t('districtBorders')}
          </li>
        </ul>
        {!props.changing && (
          <label className="ab-class-mode">
            <input type="checkbox" checked={props.classMode === 'quantile'} onChange={(e) => props.onClassMode(e.target.checked ? 'quantile' : 'fixed')} />
            {t('quantileClasses')}
          </label>
        )}
        {definition && (
          <details className="ab-definition">
            <summary>{t('howComputed')}</summary>
            <p>{definition[t.language]}</p>
          </details>
        )}
        <fieldset>
          <legend>{t('layers')}</legend>
          {pointLayers.map((layer) => (
            <label key={layer}>
              <input type="checkbox" checked={props.visible[layer]} onChange={(e) => props.onToggle(layer, e.target.checked)} />
              <span className="ab-dot" style={{ background: pointColours[layer] }} /> {names[layer]}
            </label>
          ))}
          {props.lineLayers.map((layer, i) => (
            <label key={layer.id}>
              <input type="checkbox" checked={Boolean(props.visible[layer.id])} onChange={(e) => props.onToggle(layer.id, e.target.checked)} />
              <span className="ab-swatch-route" style={{ background: lineColour(i) }} /> {layer.label[t.language]}
            </label>
          ))}
        </fieldset>
        <ul className="ab-classes">
          <li>
            <span className="ab-dot ab-dot-named" style={{ background: pointColours.models }} />
            {t('namedModels')}
          </li>
          <li>
            <span className="ab-dot ab-dot-exemplary" />
            {t('exemplaryPlaces')}
          </li>
        </ul>
      </div>
    </section>
  );
}
