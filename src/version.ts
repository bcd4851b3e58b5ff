import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** What the feeds name as their generator. */
export const GENERATOR = { name: 'polyfeed', version: pkg.version } as const;
