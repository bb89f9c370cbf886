// Reads a JSON list of Mermaid diagrams on stdin; writes, for each, what Mermaid's own
// parser made of it: {ok, error} and the flowchart's vertices, edges and classes.
// Mermaid needs a DOM to sanitise labels: jsdom stands in for the browser.
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
const version = JSON.parse(readFileSync(new URL('./node_modules/mermaid/package.json', import.meta.url))).version;
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const diagrams = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const entries = (collection) => (collection instanceof Map ? [...collection.entries()] : Object.entries(collection));

const results = [];
for (const text of diagrams) {
  try {
    await mermaid.parse(text);
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const db = diagram.db;
    results.push({
      ok: true,
      version,
      vertices: entries(db.getVertices()).map(([id, v]) => ({ id, text: v.text, type: v.type ?? null, classes: v.classes })),
      edges: db.getEdges().map((e) => ({ start: e.start, end: e.end, type: e.type, stroke: e.stroke, text: e.text, style: e.style ?? [] })),
      classes: Object.fromEntries(entries(db.getClasses()).map(([name, c]) => [name, c.styles])),
    });
  } catch (error) {
    results.push({ ok: false, error: String(error?.message ?? error) });
  }
}
process.stdout.write(JSON.stringify(results));
