import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261129000000Foundation } from './Migration20261129000000Foundation';
import { Migration20261129010000FoldText } from './Migration20261129010000FoldText';
import { Migration20261129020000Access } from './Migration20261129020000Access';
import { Migration20261129030000Versions } from './Migration20261129030000Versions';
import { Migration20261129040000ChangeFeed } from './Migration20261129040000ChangeFeed';
import { Migration20261129050000FeedClock } from './Migration20261129050000FeedClock';
import { Migration20261129060000MapCells } from './Migration20261129060000MapCells';
import { Migration20261129070000UnitMercator } from './Migration20261129070000UnitMercator';
import { Migration20261207000000AtomPartition } from './Migration20261207000000AtomPartition';
import { Migration20261207150000KeysetIndexes } from './Migration20261207150000KeysetIndexes';
import { Migration20261207200000RecordPieces } from './Migration20261207200000RecordPieces';
import { Migration20261207210000PatrolRoutes } from './Migration20261207210000PatrolRoutes';
import { Migration20261207230000TrustedDocuments } from './Migration20261207230000TrustedDocuments';

/** Every migration, in order. Listed explicitly so they load the same under tsx, vitest and a bundle. */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261129000000Foundation', class: Migration20261129000000Foundation },
  { name: 'Migration20261129010000FoldText', class: Migration20261129010000FoldText },
  { name: 'Migration20261129020000Access', class: Migration20261129020000Access },
  { name: 'Migration20261129030000Versions', class: Migration20261129030000Versions },
  { name: 'Migration20261129040000ChangeFeed', class: Migration20261129040000ChangeFeed },
  { name: 'Migration20261129050000FeedClock', class: Migration20261129050000FeedClock },
  { name: 'Migration20261129060000MapCells', class: Migration20261129060000MapCells },
  { name: 'Migration20261129070000UnitMercator', class: Migration20261129070000UnitMercator },
  { name: 'Migration20261207000000AtomPartition', class: Migration20261207000000AtomPartition },
  { name: 'Migration20261207150000KeysetIndexes', class: Migration20261207150000KeysetIndexes },
  { name: 'Migration20261207200000RecordPieces', class: Migration20261207200000RecordPieces },
  { name: 'Migration20261207210000PatrolRoutes', class: Migration20261207210000PatrolRoutes },
  { name: 'Migration20261207230000TrustedDocuments', class: Migration20261207230000TrustedDocuments },
];
