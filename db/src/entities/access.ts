import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A person who signs in to the hub itself (when no identity provider issues
 * tokens): a role, the units it acts for, and a password hash (scrypt), never the password.
 */
@Entity({ tableName: 'app_user' })
export class AppUser {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Property({ type: 'string', length: 80, unique: true })
  username!: string;

  @Property({ type: 'string', length: 200 })
  displayName!: string;

  @Property({ type: 'string', length: 20 })
  role!: string;

  /** Unit codes the user acts for (officers and partners); empty for province-wide roles. */
  @Property({ type: 'array', columnType: 'text[]', default: '{}' })
  units: string[] = [];

  @Property({ type: 'string', length: 200 })
  passwordHash!: string;

  @Property({ type: 'boolean', default: false })
  disabled: boolean = false;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt?: Date;
}

/**
 * One write, as it happened: who (token subject and role), when, from which
 * address, what (entity and id), and the row before and after. Appended in the
 * writing transaction; a trigger refuses updates and deletes.
 */
@Entity({ tableName: 'audit_entry' })
export class AuditEntry {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  @Index()
  at!: Date;

  @Property({ type: 'string', length: 200 })
  @Index()
  actor!: string;

  @Property({ type: 'string', length: 20 })
  role!: string;

  @Property({ type: 'string', length: 64, nullable: true })
  address?: string | null;

  @Property({ type: 'string', length: 60 })
  action!: string;

  @Property({ type: 'string', length: 40 })
  @Index()
  entity!: string;

  @Property({ type: 'integer', nullable: true })
  entityId?: number | null;

  @Property({ type: 'json', nullable: true })
  before?: unknown;

  @Property({ type: 'json', nullable: true })
  after?: unknown;
}

/**
 * A reviewed GraphQL document, by the SHA-256 of its text (as automatic persisted
 * queries compute it): the only documents a token with `docs: trusted` may run.
 */
@Entity({ tableName: 'trusted_document' })
export class TrustedDocument {
  @PrimaryKey({ type: 'string', length: 64 })
  hash!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'text' })
  document!: string;

  /** Who registered it: an admin's token subject, or `file` for TRUSTED_DOCUMENTS_FILE. */
  @Property({ type: 'string', length: 200 })
  registeredBy!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  registeredAt?: Date;
}
