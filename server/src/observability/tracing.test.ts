import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useRunningHub } from '../testing';

interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: Record<string, unknown>;
}

// A collector of the test's own, receiving OTLP/HTTP JSON on loopback as an OpenTelemetry collector would.
const port = 40_000 + Math.floor(Math.random() * 10_000);
const received: ReceivedSpan[] = [];
let collector: Server;
beforeAll(async () => {
  collector = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          resourceSpans: {
            scopeSpans: { spans: (Omit<ReceivedSpan, 'attributes'> & { attributes: { key: string; value: Record<string, unknown> }[] })[] }[];
          }[];
        };
        for (const span of body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)))
          received.push({ ...span, attributes: Object.fromEntries(span.attributes.map((a) => [a.key, Object.values(a.value)[0]])) });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(port, '127.0.0.1', resolve));
});
afterAll(() => new Promise<void>((resolve) => collector.close(() => resolve())));

const running = useRunningHub({ otlpEndpoint: `http://127.0.0.1:${port}`, traceDelayMillis: 100 });

describe('tracing (OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  it('sends a span per request, continuing the caller’s trace, with its operation and its SQL statements (text, not values) under it', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';
    const res = await fetch(`${running.hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-${callerSpan}-01` },
      body: JSON.stringify({ query: 'query Cameras { cameraSites(first: 1, filter: { search: "chợ đêm" }) { totalCount } }', operationName: 'Cameras' }),
    });
    expect(res.status).toBe(200);
    let spans: ReceivedSpan[] = [];
    for (let i = 0; i < 100; i++) {
      spans = received.filter((s) => s.traceId === traceId);
      if (spans.some((s) => s.name === 'db.query') && spans.some((s) => s.name.startsWith('POST'))) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const request = spans.find((s) => s.name === 'POST /graphql');
    expect(request).toBeDefined();
    expect(request!.parentSpanId).toBe(callerSpan);
    expect(request!.attributes).toMatchObject({ 'graphql.operation.name': 'Cameras', 'graphql.operation.type': 'query', 'http.response.status_code': 200 });
    const statements = spans.filter((s) => s.name === 'db.query');
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement.parentSpanId).toBe(request!.spanId);
      expect(String(statement.attributes['db.query.text'])).not.toMatch(/cho dem|chợ đêm/);
    }
  });
});
