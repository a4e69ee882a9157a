import { atomAt as atomHolding, type Knex } from '@anbinh/db';
import { fieldError } from '../graphql/errors';

/** The geography atom a point lies in, or a sentence saying it is outside the hub's geography. */
export async function atomAt(knex: Knex, [lon, lat]: [number, number], field: string): Promise<string> {
  const atom = await atomHolding(knex, lon, lat);
  if (atom === null) throw fieldError(field, 'NOT_IN_TERRITORY', `${field} [${lon}, ${lat}] lies outside the province's communes; check the point.`);
  return atom;
}
