import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'tests' ? [] : sources(path);
    return name.endsWith('.js') ? [path] : [];
  });
}

test('user text is never parsed as HTML: no innerHTML, outerHTML, insertAdjacentHTML or document.write', () => {
  const offenders = sources(root).filter((path) => /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write/.test(readFileSync(path, 'utf8')));
  assert.deepEqual(offenders, []);
});
