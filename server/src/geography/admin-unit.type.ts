import { Field, Float, ObjectType } from 'type-graphql';
import { UnitKind, UnitLevel } from '@anbinh/shared';
import { DateScalar } from '../graphql/scalars';
import { ConnectionType } from '../graphql/pagination';
import { Node } from '../graphql/node';

@ObjectType('AdminUnit', {
  implements: Node,
  description: 'One version of an administrative unit: its name, parent and territory between two reorganisations.',
})
export class AdminUnitNode extends Node {
  /** The version's database id; the API exposes a global id instead. */
  versionId!: number;
  parentCode!: string | null;

  @Field(() => String, { description: 'GSO code (mã ĐVHC). A code can have several versions.' })
  code!: string;

  @Field(() => String, { description: 'Official name with its prefix, e.g. "Xã Hồng Châu" (NFC).' })
  name!: string;

  @Field(() => UnitLevel, { description: 'Province, district or commune.' })
  level!: UnitLevel;

  @Field(() => UnitKind, { description: 'Tỉnh; thành phố or huyện; xã, phường or thị trấn.' })
  kind!: UnitKind;

  @Field(() => DateScalar, { description: 'First day this version is in force.' })
  validFrom!: string;

  @Field(() => DateScalar, { nullable: true, description: 'First day it is no longer in force; null while in force.' })
  validTo!: string | null;

  @Field(() => Float, { nullable: true, description: 'Area in km² (geodesic) of the hub’s polygons.' })
  areaKm2!: number | null;
}

export const AdminUnitConnection = ConnectionType('AdminUnit', AdminUnitNode);
