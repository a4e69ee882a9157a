import type { IncomingMessage } from 'node:http';
import { context, propagation, SpanKind, trace, type Context as TraceContext, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

let provider: TracerProvider | undefined;

/**
 * Sends traces to an OpenTelemetry collector (OTLP over HTTP) when an endpoint is configured: a span per
 * request, continuing the caller's `traceparent`, with the database statements under it. Without one the
 * API's no-op tracer stays, and tracing costs nothing.
 */
export function startTracing(options: { endpoint?: string; serviceName?: string; delayMillis?: number }): void {
  if (!options.endpoint || provider) return;
  provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName ?? 'anbinh' }),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/+$/, '')}/v1/traces` }),
        scheduledDelayMillis: options.delayMillis ?? 5000,
      }),
    ],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
}

/** Sends what is waiting (at shutdown, so the last requests' spans are not lost). */
export async function flushTracing(): Promise<void> {
  await provider?.forceFlush();
}

const tracer = () => trace.getTracer('anbinh');

/** Runs a request's handling inside its span, continuing the caller's trace; the caller ends the span. */
export function traceRequest(req: IncomingMessage, route: string, handle: () => void): Span {
  const parent: TraceContext = propagation.extract(context.active(), req.headers);
  const span = tracer().startSpan(
    `${req.method ?? 'GET'} ${route}`,
    {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': req.method ?? 'GET', 'http.route': route },
    },
    parent,
  );
  context.with(trace.setSpan(parent, span), handle);
  return span;
}

/** Names the GraphQL operation on the request's span. */
export function traceOperation(name: string | null | undefined, type: string): void {
  const span = trace.getActiveSpan();
  if (!span) return;
  span.setAttribute('graphql.operation.type', type);
  if (name) span.setAttribute('graphql.operation.name', name);
}
