import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { lexicographicSortSchema, printSchema } from 'graphql';

/** The schema as committed: the contract clients build against (`pnpm --filter @anbinh/server schema:write`). */
export const schemaFile = fileURLToPath(new URL('../../schema.graphql', import.meta.url));

/** The schema the code builds, printed in SDL with types and fields sorted, so that its diff shows only real changes. */
export async function printHubSchema(): Promise<string> {
  // Imported here, after the list of record types may have been rewritten.
  const { createSchema } = await import('./schema');
  return `${printSchema(lexicographicSortSchema(await createSchema()))}\n`;
}

export function readCommittedSchema(): string | undefined {
  return readOrUndefined(schemaFile);
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The list of record types the schema is built from, written beside the feature folders. */
export const recordTypesFile = fileURLToPath(new URL('./record-types.ts', import.meta.url));

/** That list as the feature folders declare it: every `export const x = defineRecordType(` in server/src/<feature>/*.ts. */
export function printRecordTypes(): string {
  const src = fileURLToPath(new URL('..', import.meta.url));
  const declared: [string, string][] = [];
  for (const folder of readdirSync(src, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'records' && d.name !== 'app')
    .map((d) => d.name)
    .sort()) {
    for (const file of readdirSync(join(src, folder))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .sort()) {
      for (const [, name] of readFileSync(join(src, folder, file), 'utf8').matchAll(/^export const (\w+) = defineRecordType\(/gm)) {
        declared.push([name, `../${folder}/${file.replace(/\.ts$/, '')}`]);
      }
    }
  }
  return [
    "// Written by `pnpm --filter @anbinh/server schema:write` from the feature folders' defineRecordType declarations.",
    ...declared.map(([name, path]) => `import { ${name} } from '${path}';`),
    '',
    '/** Every record type the hub serves. */',
    `export const declaredRecordTypes = [${declared.map(([name]) => name).join(', ')}];`,
    '',
  ].join('\n');
}

export const readCommittedRecordTypes = () => readOrUndefined(recordTypesFile);

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const types = printRecordTypes();
  if (readCommittedRecordTypes() !== types) {
    writeFileSync(recordTypesFile, types);
    console.log(`Wrote ${recordTypesFile}.`);
  }
  const printed = await printHubSchema();
  const before = readCommittedSchema();
  writeFileSync(schemaFile, printed);
  console.log(before === printed ? `${schemaFile} is up to date.` : `Wrote ${schemaFile}: review the diff (git diff server/schema.graphql) and commit it.`);
}
