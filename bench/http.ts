import autocannon from "autocannon";

/** What one autocannon run yields: requests/s and the 95th percentile of the latency. */
export type HttpFigure = {
  requestsPerSecond: number;
  p95Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** Seconds measured, summed over the slices a figure was combined from. */
  seconds: number;
};

/** One autocannon run with every response time kept, so that runs can be combined. */
export type HttpSlice = HttpFigure & { latencies: number[] };

export type HttpRun = {
  url: string;
  cookie?: string;
  connections: number;
  seconds: number;
  /** For POSTs that need a body per connection (autosave): autocannon's request hooks. */
  requests?: autocannon.Request[];
  method?: "GET" | "POST";
  headers?: Record<string, string>;
};

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)] ?? Number.NaN;
}

/**
 * Runs autocannon against `url` and computes p95 from every response time itself: autocannon's
 * own summary has p90 and p97.5, not the p95 the goals name.
 */
export async function measureHttp(run: HttpRun): Promise<HttpSlice> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: run.url,
        connections: run.connections,
        duration: run.seconds,
        // A slow answer is a figure (its latency), not an error: only a hung request times out.
        timeout: 60,
        method: run.method ?? "GET",
        headers: { ...(run.cookie ? { cookie: `__session=${run.cookie}` } : {}), ...run.headers },
        ...(run.requests ? { requests: run.requests } : {}),
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: result.requests.total / run.seconds,
    p95Ms: percentile(latencies, 95),
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    seconds: run.seconds,
    latencies,
  };
}

/** Slices of one endpoint as one figure: all their requests over all their seconds, one p95. */
export function combine(slices: HttpSlice[]): HttpFigure {
  const latencies = slices.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const requests = slices.reduce((n, s) => n + s.requests, 0);
  const seconds = slices.reduce((n, s) => n + s.seconds, 0);
  return {
    requestsPerSecond: requests / seconds,
    p95Ms: percentile(latencies, 95),
    requests,
    non2xx: slices.reduce((n, s) => n + s.non2xx, 0),
    errors: slices.reduce((n, s) => n + s.errors, 0),
    seconds,
  };
}
