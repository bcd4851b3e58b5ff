import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** What the feeds name as their generator. */
export const GENERATOR = { name: 'polyfeed', version: pkg.version } as const;

let code: string | undefined;

/**
 * A hash of polyfeed's own compiled code: caches made by other code (another version, or a
 * developer's edit) are never reused.
 */
export function codeVersion(): string {
  if (code) return code;
  const root = fileURLToPath(new URL('.', import.meta.url));
  const hash = createHash('sha256').update(pkg.version);
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (name.endsWith('.js')) hash.update(name).update(readFileSync(p));
      else if (!name.includes('.')) walk(p);
    }
  };
  try {
    walk(root);
  } catch {
    hash.update(String(Date.now()));
  }
  code = hash.digest('hex').slice(0, 16);
  return code;
}
