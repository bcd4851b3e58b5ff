/** Every rule id is documented, and every message polyfeed can give uses a known rule. */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { RULES } from '../src/rules.js';

describe('rule ids', function () {
  it('README lists every rule of src/rules.ts, and no other', function () {
    const all = readFileSync('README.md', 'utf8');
    const start = all.indexOf('## Messages');
    const readme = all.slice(start, all.indexOf('\n## ', start + 1));
    const listed = [...readme.matchAll(/^\| `([a-z0-9-]+)` \| /gm)].map((m) => m[1]);
    expect(listed).to.have.members(Object.keys(RULES));
  });
});
