import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { createSchema } from './schema';

/** The schema as committed: the contract clients build against (`pnpm --filter @anbinh/server schema:write`). */
export const schemaFile = fileURLToPath(new URL('../../schema.graphql', import.meta.url));

/** The schema the code builds, printed in SDL with types and fields sorted, so that its diff shows only real changes. */
export async function printHubSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await createSchema()))}\n`;
}

export function readCommittedSchema(): string | undefined {
  try {
    return readFileSync(schemaFile, 'utf8');
  } catch {
    return undefined;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const printed = await printHubSchema();
  const before = readCommittedSchema();
  writeFileSync(schemaFile, printed);
  console.log(before === printed ? `${schemaFile} is up to date.` : `Wrote ${schemaFile}: review the diff (git diff server/schema.graphql) and commit it.`);
}
