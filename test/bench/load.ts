import autocannon from 'autocannon';

export interface GraphQLRequest {
  query: string;
  variables?: Record<string, unknown>;
}

export interface Probe {
  status: number;
  bytes: number;
  body: { data?: unknown; errors?: { message: string }[] };
}

export interface Measurement {
  /** Mean requests per second over the measured seconds. */
  rps: number;
  /** Latency percentiles of 2xx responses, ms. */
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  /** Responses whose body has an `errors` member. */
  graphqlErrors: number;
  /** Connection errors and timeouts. */
  socketErrors: number;
}

export const loadSettings = { connections: 32, warmupSeconds: 2, durationSeconds: 10, timeoutSeconds: 10 };

/** One request, to check the answer before loading the server with it. */
export async function probe(baseUrl: string, request: GraphQLRequest): Promise<Probe> {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(request),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  return { status: res.status, bytes: Buffer.byteLength(text), body: JSON.parse(text) };
}

/** A warm-up run (discarded), then the measured run, both at the same concurrency and each bounded in time. */
export async function measure(baseUrl: string, request: GraphQLRequest): Promise<Measurement> {
  await run(baseUrl, request, loadSettings.warmupSeconds);
  const result = await run(baseUrl, request, loadSettings.durationSeconds);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    graphqlErrors: result.mismatches,
    socketErrors: result.errors,
  };
}

const hasErrors = /"errors"\s*:/;

function run(baseUrl: string, request: GraphQLRequest, seconds: number) {
  return autocannon({
    url: `${baseUrl}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(request),
    connections: loadSettings.connections,
    duration: seconds,
    timeout: loadSettings.timeoutSeconds,
    // Counted in `mismatches`: a GraphQL error answer is not a success even with status 200.
    verifyBody: (body) => !hasErrors.test(String(body)),
  });
}
