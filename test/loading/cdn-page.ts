// Shared by the plain and the isolated CDN tests. It must not import src/: the element
// under test is the one the cross-origin bundle defines.

interface CdnServer {
  url: string;
  built: boolean;
  requests: string[];
}

interface Cell extends HTMLElement {
  run(): Promise<{ ok: boolean; stdout: string }>;
  updateComplete: Promise<boolean>;
}

/** The second test server that serves dist/ with a CDN's headers (see web-test-runner.config.mjs). */
export async function cdnServer(clear = false): Promise<CdnServer> {
  const response = await fetch(`/__cdn${clear ? '?clear' : ''}`);
  const server: CdnServer = await response.json();
  if (!server.built) throw new Error('dist/ is not built: run `npm run build` first.');
  return server;
}

/** Loads the bundle from the other origin, as `<script type="module" src>` from a CDN would. */
export async function importBundleFrom(server: CdnServer): Promise<string> {
  const bundle = `${server.url}py-state-runner.js`;
  await import(/* @vite-ignore */ bundle);
  return bundle;
}

/** A cell with no attribute but its name, so everything else takes the bundle's defaults. */
export async function addBundleCell(code: string): Promise<Cell> {
  const cell = document.createElement('py-state-runner') as Cell;
  cell.setAttribute('name', `cdn-${Date.now().toString(36)}`);
  const script = document.createElement('script');
  script.type = 'text/python';
  script.textContent = code;
  cell.append(script);
  document.body.append(cell);
  await cell.updateComplete;
  return cell;
}
