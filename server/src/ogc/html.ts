/** The pages a browser gets from /ogc: the same documents as the JSON, laid out for reading, with nothing loaded from elsewhere. */

export interface Link {
  href: string;
  rel: string;
  type?: string;
  title?: string;
}

const escape = (value: string | number | boolean | null | undefined) =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const cell = (value: unknown) =>
  escape(value !== null && typeof value === 'object' ? JSON.stringify(value) : (value as string | number | boolean | null | undefined));

function table(header: string[], rows: unknown[][], raw = false): string {
  if (rows.length === 0) return '<p>None.</p>';
  const head = header.map((h) => `<th>${escape(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((v, i) => `<td>${raw && i === 0 ? String(v) : cell(v)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function links(list: Link[]): string {
  const shown = list.filter((l) => l.type !== 'text/html' || l.rel === 'service-doc');
  return `<ul>${shown.map((l) => `<li><a href="${escape(htmlHref(l))}">${escape(l.title ?? l.rel)}</a> <small>(${escape(l.rel)})</small></li>`).join('')}</ul>`;
}

/** A link to another of these documents opens as HTML in the browser; others (the OpenAPI JSON, GeoJSON) as they are. */
function htmlHref(link: Link): string {
  if (link.type === 'text/html' || !/\/ogc(\/|$|\?)/.test(link.href) || link.rel === 'service-desc') return link.href;
  const url = new URL(link.href);
  url.searchParams.set('f', 'html');
  return url.toString();
}

export function page(title: string, body: string, json = '?f=json'): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} · An Bình OGC API</title>
<style>body{font:15px/1.45 system-ui,sans-serif;margin:1.5rem;max-width:80rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;vertical-align:top}small{color:#555}</style>
</head><body>
<p><a href="${escape(json)}">JSON</a></p>
<h1>${escape(title)}</h1>
${body}
</body></html>`;
}

/** Any document of /ogc as a page: its title and description, its collections or features as tables, its links. */
export function documentPage(title: string, document: Record<string, any>): string {
  const parts: string[] = [];
  if (document.description) parts.push(`<p>${escape(document.description)}</p>`);
  if (document.conformsTo) parts.push(`<ul>${(document.conformsTo as string[]).map((c) => `<li>${escape(c)}</li>`).join('')}</ul>`);
  if (document.collections) {
    parts.push(
      table(
        ['Collection', 'Description'],
        (document.collections as any[]).map((c) => [`<a href="${escape(htmlHref(c.links[0]))}">${escape(c.title)}</a>`, c.description]),
        true,
      ),
    );
  }
  if (document.extent) parts.push(`<p>Extent: ${cell(document.extent.spatial.bbox[0] ?? 'none')}; ${cell(document.extent.temporal.interval[0])}</p>`);
  if (document.properties && document.type === 'object') {
    parts.push(
      table(
        ['Queryable', 'Type', 'Description'],
        Object.entries(document.properties as Record<string, any>).map(([name, p]) => [name, p.format ?? p.type, p.description]),
      ),
    );
  }
  if (document.type === 'FeatureCollection') {
    parts.push(`<p>${escape(document.numberReturned)} of ${escape(document.numberMatched)} features.</p>`);
    const names = [...new Set((document.features as any[]).flatMap((f) => Object.keys(f.properties)))];
    parts.push(
      table(
        ['id', ...names],
        (document.features as any[]).map((f) => [`<a href="${escape(htmlHref(f.links[0]))}">${escape(f.id)}</a>`, ...names.map((n) => f.properties[n])]),
        true,
      ),
    );
  }
  if (document.type === 'Feature') {
    parts.push(table(['Property', 'Value'], Object.entries(document.properties)));
    parts.push(`<p>Geometry: ${cell(document.geometry)}</p>`);
  }
  if (document.links) parts.push(`<h2>Links</h2>${links(document.links)}`);
  const self = (document.links as Link[] | undefined)?.find((l) => l.rel === 'self');
  const json = self && new URL(self.href);
  json?.searchParams.set('f', 'json');
  return page(title, parts.join('\n'), json?.toString());
}
