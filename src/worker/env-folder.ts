/** Where each env keeps its files inside the worker's file system. */
export const HOME = '/home/pyodide';

const SAFE_ENV = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * The folder of an env. A name that is not one safe path segment gets a
 * hashed folder, so that no env name can reach outside HOME or collide with
 * the dot-folders used while swapping.
 */
export function envFolder(env: string): string {
  if (SAFE_ENV.test(env)) {
    return `${HOME}/${env}`;
  }
  // FNV-1a over UTF-16 units: stable across runs, enough to keep names apart.
  let hash = 0x811c9dc5;
  for (let i = 0; i < env.length; i++) {
    hash ^= env.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  const readable = env.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40);
  return `${HOME}/env-${readable}-${hash.toString(16)}`;
}
