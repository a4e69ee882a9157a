import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Every source file of the server (tests aside), with the server files it imports, as paths from src/. */
function imports(): Map<string, string[]> {
  const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  return new Map(
    files.map((file) => {
      const text = readFileSync(join(src, file), 'utf8');
      const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"](\.[^'"]+)['"]|(?:^|\n)\s*import\s*['"](\.[^'"]+)['"]/g)].map(
        (m) => m[1] ?? m[2],
      );
      return [file, specifiers.map((s) => relative(src, resolve(src, dirname(file), s)))];
    }),
  );
}

const entryPoints = /^(main|index|testing)\.ts$|\/cli\.ts$/;

describe('the server’s layers', () => {
  const graph = imports();
  // The folders of the record types: those app/record-types.ts (written by schema:write) imports.
  const recordTypeFolders = [...new Set(graph.get('app/record-types.ts')!.map((d) => d.split('/')[0]))];

  it('reads the import lines it checks', () => {
    expect(graph.get('app/hub.ts')).toContain('app/schema');
    expect(graph.get('app/schema.ts')).toContain('app/record-types');
    expect(recordTypeFolders).toContain('camera-sites');
  });

  it('imports the wiring (app/) only from the entry points', () => {
    const wrong = [...graph].filter(([file, deps]) => !file.startsWith('app/') && !entryPoints.test(file) && deps.some((d) => d.startsWith('app/')));
    expect(wrong.map(([file]) => file)).toEqual([]);
  });

  it('keeps graphql/, http/ and observability/ at the bottom: they import nothing of the server but each other, and the Context type what a request carries', () => {
    const bottom = /^(graphql|http|observability)\//;
    const outside = (file: string, deps: string[]) =>
      deps.filter((d) => !bottom.test(d) && !(file === 'graphql/context.ts' && /^(access|changes|geography)\//.test(d)));
    const wrong = [...graph].filter(([file, deps]) => bottom.test(file) && outside(file, deps).length > 0);
    expect(wrong.map(([file, deps]) => `${file} → ${outside(file, deps).join(', ')}`)).toEqual([]);
  });

  it('keeps records/ below every feature', () => {
    const features = [...recordTypeFolders, 'exports', 'imports', 'ogc', 'tiles', 'metrics', 'report', 'app'];
    const wrong = [...graph].filter(([file, deps]) => file.startsWith('records/') && deps.some((d) => features.includes(d.split('/')[0])));
    expect(wrong.map(([file, deps]) => `${file} → ${deps.filter((d) => features.includes(d.split('/')[0])).join(', ')}`)).toEqual([]);
  });
});
