import type { SqlFragment } from '@anbinh/db';

/** `column` is one of `values`, when the filter lists any. */
export function oneOf(column: string, values: readonly string[] | null | undefined): SqlFragment[] {
  return values?.length ? [{ sql: `r.${column}::text = any(?)`, bindings: [[...values]] }] : [];
}

/** `column` equals `value`, when the filter sets it. */
export function equals(column: string, value: boolean | null | undefined): SqlFragment[] {
  return value == null ? [] : [{ sql: `r.${column} = ?`, bindings: [value] }];
}
