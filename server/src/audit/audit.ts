import { Arg, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { runSql, type Knex } from '@anbinh/db';
import { Role } from '@anbinh/shared';
import type { Span } from '../changes/freshness';
import type { Context } from '../graphql/context';
import { userError } from '../graphql/errors';
import { DateTimeScalar, JSONScalar } from '../graphql/scalars';
import { requireRole } from '../access/viewer';

/** The atoms of territory rows lay in, when every row has one (otherwise unknown: anywhere). A route counts in every atom it crosses: anywhere. */
function atomsOf(rows: unknown[]): string[] | undefined {
  const present = rows.filter((r) => r !== null) as { atom_id?: unknown; location?: { type?: unknown } | null }[];
  if (present.some((r) => typeof r.location?.type === 'string' && r.location.type.endsWith('LineString'))) return undefined;
  const atoms = present.map((r) => r.atom_id);
  return atoms.length > 0 && atoms.every((a) => typeof a === 'string') ? [...new Set(atoms)] : undefined;
}

/**
 * Appends one write to the audit log, inside the writing transaction `trx`, and
 * notes what it changed in `ctx.writes` (its table; where its rows lay; `days`, the days they covered, when known).
 */
export async function audit(
  trx: Knex,
  ctx: Pick<Context, 'viewer' | 'address' | 'writes' | 'freshness'>,
  entry: { action: string; entity: string; entityId: number | null; before: unknown; after: unknown; days?: Span[] },
): Promise<void> {
  const rowKey = `${entry.entity}:${entry.entityId}`;
  ctx.writes?.push({ table: entry.entity, rowKey, atoms: atomsOf([entry.before, entry.after]), days: entry.days });
  ctx.freshness?.writing(rowKey);
  await runSql(
    trx,
    `insert into audit_entry (actor, role, address, action, entity, entity_id, before, after)
     values (:actor, :role, :address, :action, :entity, :entityId, :before::jsonb, :after::jsonb)`,
    {
      actor: ctx.viewer.subject ?? 'anonymous',
      role: ctx.viewer.role,
      address: ctx.address,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId,
      before: entry.before === null ? null : JSON.stringify(entry.before),
      after: entry.after === null ? null : JSON.stringify(entry.after),
    },
  );
}

@ObjectType({ description: 'One write, as the audit log keeps it. The log cannot be changed through the API (nor in the database).' })
export class AuditEntry {
  @Field(() => ID, { description: 'Increases with every write.' }) id!: string;
  @Field(() => DateTimeScalar, { description: 'When the write committed.' }) at!: Date;
  @Field(() => String, { description: 'The token’s subject.' }) actor!: string;
  @Field(() => Role, { description: 'The role the token carried.' }) role!: Role;
  @Field(() => String, { nullable: true, description: 'The network address the request came from.' }) address!: string | null;
  @Field(() => String, { description: 'The mutation, e.g. awardCommendation.' }) action!: string;
  @Field(() => String, { description: 'The table written.' }) entity!: string;
  @Field(() => Int, { nullable: true, description: 'The row written.' }) entityId!: number | null;
  @Field(() => JSONScalar, { nullable: true, description: 'The row before (JSON), null for a creation.' }) before!: object | null;
  @Field(() => JSONScalar, { nullable: true, description: 'The row after (JSON), null for a deletion.' }) after!: object | null;
}

@Resolver()
export class AuditResolver {
  @Query(() => [AuditEntry], { description: 'The latest writes, newest first (admins only).' })
  async auditLog(
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { defaultValue: 50, description: 'How many, at most 500.' }) first: number,
    @Arg('entity', () => String, { nullable: true, description: 'Only writes to this table.' }) entity?: string | null,
    @Arg('actor', () => String, { nullable: true, description: 'Only writes by this token subject.' }) actor?: string | null,
  ): Promise<AuditEntry[]> {
    requireRole(ctx.viewer, [Role.ADMIN], 'read the audit log');
    if (!Number.isInteger(first) || first < 1 || first > 500) throw userError('first must be between 1 and 500.');
    const { rows } = await runSql(
      ctx.knex,
      `select id::text, at, actor, role, address, action, entity, entity_id as "entityId", before, after from audit_entry
       where (:entity::text is null or entity = :entity) and (:actor::text is null or actor = :actor)
       order by id desc limit :first`,
      { entity: entity ?? null, actor: actor ?? null, first },
    );
    return rows as AuditEntry[];
  }
}
