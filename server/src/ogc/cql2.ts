import type { Geometry, Position } from '@anbinh/shared';
import { fieldError } from '../graphql/errors';

/**
 * CQL2 text (OGC 21-065): the comparisons of Basic CQL2, LIKE, BETWEEN and IN, AND/OR/NOT,
 * S_INTERSECTS over WKT or BBOX, and T_INTERSECTS over dates and intervals. Parsed to a tree
 * here; `ogc/filter.ts` turns the tree into SQL over one collection's queryables.
 */

export type Scalar =
  | { kind: 'property'; name: string }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'date'; value: string };

/** An instant or interval: its ends are dates, properties, or open (`..`). */
export type Temporal = { kind: 'property'; name: string } | { kind: 'date'; value: string } | { kind: 'interval'; start: IntervalEnd; end: IntervalEnd };
export type IntervalEnd = { kind: 'property'; name: string } | { kind: 'date'; value: string } | { kind: 'open' };

export type Spatial = { kind: 'property'; name: string } | { kind: 'geometry'; geometry: Geometry };

export type Expr =
  | { op: 'and' | 'or'; args: Expr[] }
  | { op: 'not'; arg: Expr }
  | { op: 'literal'; value: boolean }
  | { op: '=' | '<>' | '<' | '>' | '<=' | '>='; left: Scalar; right: Scalar }
  | { op: 'like'; left: Scalar; pattern: Scalar }
  | { op: 'between'; left: Scalar; low: Scalar; high: Scalar }
  | { op: 'in'; left: Scalar; list: Scalar[] }
  | { op: 'isNull'; left: Scalar }
  | { op: 's_intersects'; left: Spatial; right: Spatial }
  | { op: 't_intersects'; left: Temporal; right: Temporal };

/** A filter the hub cannot read: 400 with the place and what to write instead. */
export const filterError = (message: string) => fieldError('filter', 'INVALID_FORMAT', `filter: ${message}`);

/** The longest filter read: Node refuses a longer request line anyway (16 KB of headers), and statements stay well within PostgreSQL's parameters. */
export const maxFilterLength = 16_384;
/** Brackets and NOTs nested deeper are refused before the parser's stack runs out. */
const maxDepth = 64;

interface Token {
  type: 'word' | 'quoted' | 'string' | 'number' | 'punct' | 'end';
  text: string;
  at: number;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i;
    if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw filterError(`the text starting at character ${at + 1} is not closed; end it with ' (write '' for a quote inside).`);
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
      tokens.push({ type: 'string', text: value, at });
    } else if (c === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) throw filterError(`the quoted property name at character ${at + 1} is not closed with ".`);
      tokens.push({ type: 'quoted', text: text.slice(i + 1, end), at });
      i = end + 1;
    } else if (/[0-9]/.test(c) || ((c === '-' || c === '+' || c === '.') && /[0-9.]/.test(text[i + 1] ?? ''))) {
      const m = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i))!;
      tokens.push({ type: 'number', text: m[0], at });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.:]*/.exec(text.slice(i))!;
      tokens.push({ type: 'word', text: m[0], at });
      i += m[0].length;
    } else {
      const two = text.slice(i, i + 2);
      const op = ['<>', '<=', '>='].includes(two) ? two : c;
      if (!['(', ')', ',', '=', '<', '>', '<>', '<=', '>='].includes(op)) throw filterError(`"${c}" at character ${at + 1} has no meaning in CQL2 text.`);
      tokens.push({ type: 'punct', text: op, at });
      i += op.length;
    }
  }
  tokens.push({ type: 'end', text: '', at: text.length });
  return tokens;
}

const reserved = new Set(['AND', 'OR', 'NOT', 'LIKE', 'BETWEEN', 'IN', 'IS', 'NULL', 'TRUE', 'FALSE', 'DATE', 'TIMESTAMP', 'INTERVAL']);
const comparisons = new Set(['=', '<>', '<', '>', '<=', '>=']);
const isoDay = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/;

/** Reads CQL2 text into a tree, or refuses it with the place and the reason. */
export function parseCql2(text: string): Expr {
  if (text.length > maxFilterLength)
    throw filterError(`at most ${maxFilterLength.toLocaleString('en')} characters are read; split the query or simplify its geometry.`);
  const tokens = tokenize(text);
  let pos = 0;
  let depth = 0;
  const nested = <T>(read: () => T): T => {
    if (++depth > maxDepth) throw filterError(`brackets and NOT are nested more than ${maxDepth} deep; write the condition flatter.`);
    const result = read();
    depth--;
    return result;
  };

  const peek = () => tokens[pos];
  const upper = (t: Token) => (t.type === 'word' ? t.text.toUpperCase() : '');
  const where = (t: Token) => (t.type === 'end' ? 'at the end' : `at character ${t.at + 1} ("${t.text.slice(0, 40)}")`);
  const fail = (expected: string): never => {
    throw filterError(`expected ${expected} ${where(peek())}.`);
  };
  const keyword = (word: string) => {
    if (upper(peek()) === word) {
      pos++;
      return true;
    }
    return false;
  };
  const punct = (p: string) => {
    if (peek().type === 'punct' && peek().text === p) {
      pos++;
      return true;
    }
    return false;
  };
  const expect = (p: string) => punct(p) || fail(`"${p}"`);

  const day = (token: Token, what: string): string => {
    const m = token.type === 'string' ? isoDay.exec(token.text) : null;
    if (!m || Number.isNaN(Date.parse(`${m[1]}T00:00:00Z`)) || new Date(`${m[1]}T00:00:00Z`).toISOString().slice(0, 10) !== m[1])
      throw filterError(`${what} needs a date as 'YYYY-MM-DD' (or a timestamp 'YYYY-MM-DDTHH:MM:SSZ') ${where(token)}.`);
    return m[1];
  };
  const dateLiteral = (): { kind: 'date'; value: string } | undefined => {
    const word = upper(peek());
    if (word !== 'DATE' && word !== 'TIMESTAMP') return undefined;
    pos++;
    expect('(');
    const value = day(tokens[pos++], word);
    expect(')');
    return { kind: 'date', value };
  };
  const property = (): { kind: 'property'; name: string } | undefined => {
    const t = peek();
    if (t.type === 'quoted' || (t.type === 'word' && !reserved.has(t.text.toUpperCase()) && tokens[pos + 1].text !== '(')) {
      pos++;
      return { kind: 'property', name: t.text };
    }
    return undefined;
  };

  const scalar = (): Scalar => {
    const t = peek();
    if (t.type === 'string') {
      pos++;
      return { kind: 'string', value: t.text };
    }
    if (t.type === 'number') {
      pos++;
      return { kind: 'number', value: Number(t.text) };
    }
    if (upper(t) === 'TRUE' || upper(t) === 'FALSE') {
      pos++;
      return { kind: 'boolean', value: upper(t) === 'TRUE' };
    }
    return dateLiteral() ?? property() ?? fail("a property, a 'text', a number, TRUE, FALSE or DATE('…')");
  };

  const intervalEnd = (): IntervalEnd => {
    const t = peek();
    if (t.type === 'string' && t.text === '..') {
      pos++;
      return { kind: 'open' };
    }
    if (t.type === 'string') {
      pos++;
      return { kind: 'date', value: day(t, 'INTERVAL') };
    }
    return dateLiteral() ?? property() ?? fail("a date 'YYYY-MM-DD', '..' or a property in INTERVAL");
  };
  const temporal = (): Temporal => {
    if (keyword('INTERVAL')) {
      expect('(');
      const start = intervalEnd();
      expect(',');
      const end = intervalEnd();
      expect(')');
      return { kind: 'interval', start, end };
    }
    return dateLiteral() ?? property() ?? fail("DATE('…'), TIMESTAMP('…'), INTERVAL('…', '…') or a date property");
  };

  const number = (): number => {
    const t = peek();
    if (t.type !== 'number') fail('a number');
    pos++;
    return Number(t.text);
  };
  const position = (): Position => {
    const p: Position = [number(), number()];
    if (peek().type === 'number') number(); // a height is read and left out: the hub's geometries are flat
    return p;
  };
  const list = <T>(item: () => T): T[] => {
    expect('(');
    const items = [item()];
    while (punct(',')) items.push(item());
    expect(')');
    return items;
  };
  const ring = () => list(position);
  const spatial = (): Spatial => {
    const found = property();
    if (found) return found;
    const word = upper(peek());
    const t = peek();
    pos++;
    switch (word) {
      case 'POINT':
        return geometry({ type: 'Point', coordinates: list(position)[0] });
      case 'MULTIPOINT':
        // Both MULTIPOINT((1 2), (3 4)) and MULTIPOINT(1 2, 3 4).
        return geometry({ type: 'MultiPoint', coordinates: list(() => (peek().text === '(' ? list(position)[0] : position())) });
      case 'LINESTRING':
        return geometry({ type: 'LineString', coordinates: list(position) });
      case 'MULTILINESTRING':
        return geometry({ type: 'MultiLineString', coordinates: list(ring) });
      case 'POLYGON':
        return geometry({ type: 'Polygon', coordinates: list(ring) });
      case 'MULTIPOLYGON':
        return geometry({ type: 'MultiPolygon', coordinates: list(() => list(ring)) });
      case 'BBOX': {
        const box = list(number);
        if (box.length !== 4 && box.length !== 6) throw filterError(`BBOX takes 4 numbers (west, south, east, north) ${where(t)}.`);
        const [w, s, e, n] = box.length === 4 ? box : [box[0], box[1], box[3], box[4]];
        return geometry({
          type: 'Polygon',
          coordinates: [
            [
              [w, s],
              [e, s],
              [e, n],
              [w, n],
              [w, s],
            ],
          ],
        });
      }
      default:
        pos--;
        return fail('a geometry property, a WKT geometry (POINT, LINESTRING, POLYGON, MULTI…) or BBOX(…)');
    }
  };
  const geometry = (g: Geometry): Spatial => ({ kind: 'geometry', geometry: g });

  const predicate = (): Expr => {
    const word = upper(peek());
    if (word === 'S_INTERSECTS' || word === 'T_INTERSECTS') {
      pos++;
      expect('(');
      const left = word === 'S_INTERSECTS' ? spatial() : temporal();
      expect(',');
      const right = word === 'S_INTERSECTS' ? spatial() : temporal();
      expect(')');
      return word === 'S_INTERSECTS'
        ? { op: 's_intersects', left: left as Spatial, right: right as Spatial }
        : { op: 't_intersects', left: left as Temporal, right: right as Temporal };
    }
    if (/^[ST]_[A-Z]+$/.test(word) && tokens[pos + 1].text === '(')
      throw filterError(`${word} is not offered; the spatial and temporal functions here are S_INTERSECTS and T_INTERSECTS.`);
    if ((word === 'TRUE' || word === 'FALSE') && !comparisons.has(tokens[pos + 1].text)) {
      pos++;
      return { op: 'literal', value: word === 'TRUE' };
    }
    const left = scalar();
    const t = peek();
    if (t.type === 'punct' && comparisons.has(t.text)) {
      pos++;
      return { op: t.text as '=', left, right: scalar() };
    }
    const negated = keyword('NOT');
    let expr: Expr;
    if (keyword('LIKE')) expr = { op: 'like', left, pattern: scalar() };
    else if (keyword('BETWEEN')) {
      const low = scalar();
      if (!keyword('AND')) fail('AND in BETWEEN … AND …');
      expr = { op: 'between', left, low, high: scalar() };
    } else if (keyword('IN')) expr = { op: 'in', left, list: list(scalar) };
    else if (!negated && keyword('IS')) {
      const not = keyword('NOT');
      if (!keyword('NULL')) fail('NULL after IS');
      expr = { op: 'isNull', left };
      return not ? { op: 'not', arg: expr } : expr;
    } else return fail('a comparison (=, <>, <, >, <=, >=), LIKE, BETWEEN, IN or IS NULL');
    return negated ? { op: 'not', arg: expr } : expr;
  };

  const primary = (): Expr => {
    if (punct('(')) {
      const inner = nested(or);
      expect(')');
      return inner;
    }
    return predicate();
  };
  const not = (): Expr => (keyword('NOT') ? { op: 'not', arg: nested(not) } : primary());
  const and = (): Expr => {
    const args = [not()];
    while (keyword('AND')) args.push(not());
    return args.length === 1 ? args[0] : { op: 'and', args };
  };
  const or = (): Expr => {
    const args = [and()];
    while (keyword('OR')) args.push(and());
    return args.length === 1 ? args[0] : { op: 'or', args };
  };

  if (peek().type === 'end') throw filterError('it is empty; write a condition such as cameraCount >= 2.');
  const expr = or();
  if (peek().type !== 'end') fail('AND, OR or the end of the filter');
  return expr;
}
