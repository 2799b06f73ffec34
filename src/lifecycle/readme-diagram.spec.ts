import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { toMermaid } from './machine-diagram';

describe('README lifecycle diagram', () => {
  it('is the diagram generated from the machine', () => {
    const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
    const m = /<!-- lifecycle:begin -->\n```mermaid\n([\s\S]*?)\n```\n<!-- lifecycle:end -->/.exec(readme);
    expect(m).not.toBeNull();
    expect(m![1]).toBe(toMermaid().trimEnd());
  });
});
