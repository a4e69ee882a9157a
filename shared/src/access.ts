/** Who a reader or writer is to the hub. Tokens carry one of these in their `role` claim. */
export enum Role {
  /** Everything, including users and the audit log. */
  ADMIN = 'ADMIN',
  /** Reads everything in its units' territory, individual community-education cases included; writes only there. */
  OFFICER = 'OFFICER',
  /** Reads everything except individual community-education cases. */
  ANALYST = 'ANALYST',
  /** Reads aggregates and the map. */
  LEADER = 'LEADER',
  /** Reads and subscribes within its declared units and change types. */
  PARTNER = 'PARTNER',
  /** Anyone without a token: public aggregates, with small community-education counts suppressed. */
  PUBLIC = 'PUBLIC',
}

export const roleLabels: Record<Role, { vi: string; en: string }> = {
  [Role.ADMIN]: { vi: 'Quản trị', en: 'Administrator' },
  [Role.OFFICER]: { vi: 'Cán bộ', en: 'Officer' },
  [Role.ANALYST]: { vi: 'Phân tích', en: 'Analyst' },
  [Role.LEADER]: { vi: 'Lãnh đạo', en: 'Leader' },
  [Role.PARTNER]: { vi: 'Hệ thống đối tác', en: 'Partner system' },
  [Role.PUBLIC]: { vi: 'Công chúng', en: 'Public' },
};

/** Community-education counts below this, in a unit, are not shown to the public (they could point at a person). */
export const smallCountThreshold = 3;
