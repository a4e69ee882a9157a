import { randomUUID } from 'node:crypto';
import { SpanStatusCode } from '@opentelemetry/api';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { currentRequest, logger } from './log';
import { routeOf, type HubMetrics } from './metrics';
import { traceRequest } from './tracing';

/** An id a proxy or client sent (X-Request-Id) is kept when it is a plain token; otherwise one is made. */
const givenId = /^[\w.:@-]{1,128}$/;

/**
 * Wraps the server's request handler, in front of every door (the POST fast path and tiles run before
 * Express): each request gets an id, returned in X-Request-Id and on every line logged while it is
 * served, then one access line and its count and duration in the metrics.
 */
export function observeRequests(metrics: HubMetrics, handle: (req: IncomingMessage, res: ServerResponse) => void) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const header = req.headers['x-request-id'];
    const id = typeof header === 'string' && givenId.test(header) ? header : randomUUID();
    res.setHeader('X-Request-Id', id);
    const started = process.hrtime.bigint();
    const path = (req.url ?? '/').split('?')[0].slice(0, 200);
    const route = routeOf(path);
    const span = traceRequest(req, route, () => currentRequest.run({ id }, () => handle(req, res)));
    res.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      span.setAttributes({ 'http.response.status_code': res.statusCode, 'anbinh.request_id': id });
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      metrics.request(route, req.method ?? 'GET', res.statusCode, seconds);
      // Probes and scrapes every few seconds would drown the rest.
      const level = route === '/healthz' || route === '/readyz' || route === '/metrics' ? 'debug' : 'info';
      const bytes = Number(res.getHeader('content-length')) || undefined;
      logger[level](
        {
          requestId: id,
          method: req.method,
          path,
          route,
          status: res.statusCode,
          ms: Math.round(seconds * 1e4) / 10,
          bytes,
          ...(res.writableFinished ? {} : { aborted: true }),
        },
        'request',
      );
    });
  };
}
