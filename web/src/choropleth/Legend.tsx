import { formatNumber, formatShare, useT } from '../app/i18n';
import { pointColours, pointLayers, type PointLayer } from '../map/style';
import { legendRows, noDataColour, type Classes } from './classes';

export function formatValue(language: 'vi' | 'en', share: boolean, value: number): string {
  return share ? formatShare(language, value) : formatNumber(language, value, 2);
}

/** The choropleth's classes, the layer toggles and the map's symbols, in one box. */
export function Legend(props: {
  title: string;
  unit: string;
  share: boolean;
  classes: Classes | null;
  visible: Record<PointLayer, boolean>;
  onToggle(layer: PointLayer, on: boolean): void;
}) {
  const t = useT();
  const names: Record<PointLayer, string> = { cameras: t('cameras'), mailboxes: t('mailboxes'), models: t('models'), heritage: t('heritage') };
  return (
    <section className="ab-legend" aria-labelledby="ab-legend-title">
      <h2 id="ab-legend-title">{props.title} <small>({props.unit})</small></h2>
      <ul className="ab-classes">
        {props.classes && legendRows(props.classes).map((row) => (
          <li key={row.colour}>
            <span className="ab-swatch" style={{ background: row.colour }} />
            {formatValue(t.language, props.share, row.from)} – {formatValue(t.language, props.share, row.to)}
          </li>
        ))}
        <li><span className="ab-swatch" style={{ background: noDataColour }} />{t('noData')}</li>
        <li><span className="ab-swatch ab-swatch-line" />{t('districtBorders')}</li>
      </ul>
      <fieldset>
        <legend>{t('layers')}</legend>
        {pointLayers.map((layer) => (
          <label key={layer}>
            <input type="checkbox" checked={props.visible[layer]} onChange={(e) => props.onToggle(layer, e.target.checked)} />
            <span className="ab-dot" style={{ background: pointColours[layer] }} /> {names[layer]}
          </label>
        ))}
      </fieldset>
      <ul className="ab-classes">
        <li><span className="ab-dot ab-dot-named" style={{ background: pointColours.models }} />{t('namedModels')}</li>
        <li><span className="ab-dot ab-dot-exemplary" />{t('exemplaryPlaces')}</li>
      </ul>
    </section>
  );
}
