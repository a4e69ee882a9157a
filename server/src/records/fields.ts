import { Float, Int } from 'type-graphql';
import { DateScalar } from '../graphql/scalars';

/** What a field's declaration holds, whatever its kind. */
interface FieldBase {
  /** The field's meaning, shown on the object type; the write inputs add their limits to it. */
  description: string;
  /** Other words for the write inputs, when the object's do not fit a writer. */
  inputDescription?: string;
  /** The column; default: the field's name in snake_case. */
  column?: string;
  /** Read-only: an SQL expression over the row `r` instead of a column. */
  select?: string;
  /** Null is a value (the column is nullable). */
  nullable?: boolean;
  /**
   * Who writes it: `true` (create and update, the default for a column), `'close'` (set by close<Type>,
   * with the end of the period), `'create'` (only when the record is made), `false` (never through the API).
   */
  write?: boolean | 'close' | 'create';
  /** Taken when a new record leaves it out: a value, or one worked out from the record's other values and unit. */
  default?: unknown;
  /** What a left-out value becomes, in words, when `default` is worked out (a function). */
  defaultDescription?: string;
}

export type TextField = FieldBase & { type: 'text'; max: number; pattern?: { test: RegExp; hint: string } };
export type NumberField = FieldBase & { type: 'int' | 'float'; min: number; max: number };
export type BooleanField = FieldBase & { type: 'boolean'; filter?: { name: string; description: string } };
export type DateField = FieldBase & { type: 'date' };
export type EnumField = FieldBase & { type: 'enum'; enum: object; filter?: { name: string; description: string } };
export type EnumListField = FieldBase & { type: 'enumList'; enum: object; pgType: string };
/**
 * A link to a record of another type, by its id in `column`: shown as `field` (the record), written as `input`
 * (its global id, which must lie in the same unit), filtered as `filter` (several ids), and listed on the other
 * type as `listedAs`.
 */
export type ReferenceField = FieldBase & {
  type: 'reference';
  /** The other type's name: found in the catalogue when the schema is built, so neither type imports the other. */
  to: string;
  input: string;
  filter?: { name: string; description: string };
  listedAs?: { field: string; description: string };
};

export type FieldSpec = TextField | NumberField | BooleanField | DateField | EnumField | EnumListField | ReferenceField;

/** The TypeScript value of a field as a record holds it. */
export type ValueOf<F> =
  | (F extends { type: 'text' | 'date' }
      ? string
      : F extends { type: 'int' | 'float' }
        ? number
        : F extends { type: 'boolean' }
          ? boolean
          : F extends { type: 'enum'; enum: infer E }
            ? E[keyof E]
            : F extends { type: 'enumList'; enum: infer E }
              ? E[keyof E][]
              : F extends { type: 'reference' }
                ? number
                : never)
  | (F extends { nullable: true } ? null : never);

/** Field declarations by kind: `text({ max: 300, description })`. */
export const text = <const F extends Omit<TextField, 'type'>>(f: F) => ({ type: 'text' as const, ...f });
export const int = <const F extends Omit<NumberField, 'type'>>(f: F) => ({ type: 'int' as const, ...f });
export const float = <const F extends Omit<NumberField, 'type'>>(f: F) => ({ type: 'float' as const, ...f });
export const boolean = <const F extends Omit<BooleanField, 'type'>>(f: F) => ({ type: 'boolean' as const, ...f });
export const date = <const F extends Omit<DateField, 'type'>>(f: F) => ({ type: 'date' as const, ...f });
export const enumOf = <E extends object, const F extends Omit<EnumField, 'type' | 'enum'>>(e: E, f: F) => ({ type: 'enum' as const, enum: e, ...f });
export const enumList = <E extends object, const F extends Omit<EnumListField, 'type' | 'enum'>>(e: E, f: F) => ({ type: 'enumList' as const, enum: e, ...f });
export const reference = <const F extends Omit<ReferenceField, 'type'>>(f: F) => ({ type: 'reference' as const, ...f });

/** A route's length in km on the spheroid, to 10 m: the field routes have, and their tiles' attribute. */
export const lengthKmSelect = 'round((ST_Length(r.location::geography) / 1000)::numeric, 2)::float8';

export const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
export const columnOf = (name: string, f: FieldSpec) => f.column ?? snakeCase(name);

/** The SQL that reads a field from the row `r`, as the API shows it. */
export function selectOf(name: string, f: FieldSpec): string {
  if (f.select) return f.select;
  const column = `r.${columnOf(name, f)}`;
  switch (f.type) {
    case 'date':
      return `${column}::text`;
    case 'float':
      return `${column}::float8`;
    case 'enumList':
      return `${column}::text[]`;
    default:
      return column;
  }
}

/** The field's GraphQL type (a reference is written as an ID, shown as the record). */
export function graphqlTypeOf(f: Exclude<FieldSpec, ReferenceField>): () => unknown {
  switch (f.type) {
    case 'text':
      return () => String;
    case 'int':
      return () => Int;
    case 'float':
      return () => Float;
    case 'boolean':
      return () => Boolean;
    case 'date':
      return () => DateScalar;
    case 'enum':
      return () => f.enum;
    case 'enumList':
      return () => [f.enum];
  }
}

/** The limits a writer must keep, as a sentence for the input's description. */
export function rulesOf(f: FieldSpec): string {
  switch (f.type) {
    case 'text':
      return ` 1–${f.max} characters.`;
    case 'int':
    case 'float':
      return ` From ${f.min} to ${f.max}.`;
    case 'date':
      return ' Not in the future.';
    case 'enumList':
      return ' At least one.';
    default:
      return '';
  }
}

/** Whether officers write the field when a record is made, changed, or closed. */
export const writtenOn = (f: FieldSpec, step: 'create' | 'update' | 'close'): boolean => {
  if (f.select) return false;
  const write = f.write ?? (f.type === 'reference' ? 'create' : true);
  if (step === 'close') return write === 'close';
  if (write === true) return true;
  return step === 'create' && write === 'create';
};
