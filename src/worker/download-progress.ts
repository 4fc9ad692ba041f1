import type { PackageProgress } from '../protocol.js';

type ProgressSink = (progress: PackageProgress) => void;

let sink: ProgressSink | undefined;

/** The package a download is for, from its wheel (or Pyodide `.zip`) file name; undefined for other files. */
export function packageNameOf(url: string): string | undefined {
  const fileName = decodeURIComponent(url.split(/[?#]/)[0]!.split('/').pop() ?? '');
  if (fileName.endsWith('.whl')) return fileName.split('-')[0] || undefined;
  if (fileName.endsWith('.zip') && !fileName.startsWith('python_stdlib')) {
    return fileName.slice(0, -4) || undefined;
  }
  return undefined;
}

/**
 * Wraps the worker's `fetch` once, so that package downloads report their
 * bytes: neither Pyodide's `loadPackage` nor micropip says how far a download
 * is, but both fetch each wheel through the global `fetch` at call time.
 * Only downloads made while `watchDownloads` is active are counted.
 */
export function installDownloadProgress(scope: { fetch: typeof fetch }): void {
  const original = scope.fetch.bind(scope);
  scope.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await original(input, init);
    const report = sink;
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const name = packageNameOf(url);
    if (!report || !name || !response.ok || !response.body) return response;
    return counted(response, name, report);
  };
}

/** Counts the bytes of `response` as its reader takes them. */
function counted(response: Response, name: string, report: ProgressSink): Response {
  const length = Number(response.headers.get('content-length'));
  // A compressed response's length is not the decoded bytes the reader counts.
  const isCompressed = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
  const total = length > 0 && !isCompressed ? length : undefined;
  let loaded = 0;
  const progress = () => report({ name, loaded, ...(total !== undefined ? { total } : {}) });
  progress();
  const body = response.body!.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        loaded += chunk.byteLength;
        progress();
        controller.enqueue(chunk);
      },
    }),
  );
  const copy = new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  // Pyodide names the URL in its errors; a new Response has none of its own.
  Object.defineProperty(copy, 'url', { value: response.url });
  return copy;
}

/** Sends the progress of package downloads to `report` until the returned function is called. */
export function watchDownloads(report: ProgressSink): () => void {
  sink = report;
  return () => {
    if (sink === report) sink = undefined;
  };
}
