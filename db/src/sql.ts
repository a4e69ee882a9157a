import type { Knex } from '@mikro-orm/postgresql';

const compiled = new Map<string, { text: string; names: string[] }>();
const maxCompiled = 500;

/**
 * Runs SQL with `?` placeholders (an array) or `:name` placeholders (an object).
 * Named SQL is turned into positional once per text and cached: knex parses
 * named bindings on every call, which measured twice as slow as positional.
 * `::type` casts are left alone; only names present in `params` are bound.
 */
export function runSql(knex: Knex, sql: string, params: readonly unknown[] | Record<string, unknown> = []): Knex.Raw {
  if (Array.isArray(params)) return knex.raw(sql, params as Knex.RawBinding[]);
  const named = params as Record<string, unknown>;
  const key = `${Object.keys(named).sort().join(',')}\u0000${sql}`;
  let template = compiled.get(key);
  if (!template) {
    const names: string[] = [];
    const text = sql.replace(/(?<![:\w]):([A-Za-z_]\w*)/g, (whole, name: string) => {
      if (!(name in named)) return whole;
      names.push(name);
      return '?';
    });
    template = { text, names };
    if (compiled.size >= maxCompiled) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, template);
  }
  return knex.raw(template.text, template.names.map((n) => named[n]) as Knex.RawBinding[]);
}
