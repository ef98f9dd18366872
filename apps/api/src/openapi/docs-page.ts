/** A self-contained HTML page listing the OpenAPI operations (no external assets; the JSON is at /docs/openapi.json). */
export function docsPage(doc: Record<string, unknown>): string {
  const esc = (s: unknown): string => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const paths = doc.paths as Record<string, Record<string, { summary?: string; description?: string; tags?: string[] }>>;
  const rows = Object.entries(paths).flatMap(([p, ops]) => Object.entries(ops).map(([m, op]) =>
    `<tr><td><code>${esc(m.toUpperCase())}</code></td><td><code>${esc(p)}</code></td><td>${esc(op.tags?.[0] ?? '')}</td><td>${esc(op.summary ?? '')} ${esc(op.description ?? '')}</td></tr>`));
  const info = doc.info as { title: string; description: string };
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(info.title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:75rem}td,th{border-bottom:1px solid #ddd;padding:.35rem .6rem;text-align:left;vertical-align:top}code{font-size:.9em}</style></head>
<body><h1>${esc(info.title)}</h1><p>${esc(info.description)}</p><p>OpenAPI 3.1 document: <a href="/docs/openapi.json">/docs/openapi.json</a></p>
<table><thead><tr><th>method</th><th>path</th><th>access</th><th>summary</th></tr></thead><tbody>${rows.join('\n')}</tbody></table></body></html>`;
}
