import { runSql } from '@anbinh/db';
import type { Context } from '../graphql/context';
import { fieldError } from '../graphql/errors';
import { fromGlobalId } from '../graphql/node';
import type { AdminUnitNode } from '../geography/admin-unit.type';

/** A self-management model's row id from its global id, refused unless it lies in the unit's territory. */
export async function modelOfUnit(ctx: Context, modelId: string, unit: AdminUnitNode): Promise<number> {
  const { type, id } = fromGlobalId(modelId, 'modelId');
  if (type !== 'SecurityModel') throw fieldError('modelId', 'WRONG_TYPE', `modelId must be a self-management model's id; "${modelId}" is a ${type}.`);
  const { rows } = await runSql(ctx.knex, 'select atom_id from security_model where id = ?', [id]);
  if (rows.length === 0) throw fieldError('modelId', 'NOT_FOUND', `There is no self-management model ${modelId}.`);
  if (!ctx.gazetteer.atoms(unit.versionId).includes(rows[0].atom_id)) throw fieldError('modelId', 'OUTSIDE_UNIT', `That model lies outside ${unit.name}: choose a model of the unit itself.`);
  return id;
}
