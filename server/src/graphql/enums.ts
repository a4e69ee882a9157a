import { registerEnumType } from 'type-graphql';
import { MeasureUnit, SeizureItem, UnitKind, UnitLevel } from '@anbinh/shared';

registerEnumType(UnitLevel, { name: 'UnitLevel', description: 'Province (tỉnh), district (huyện, thành phố) or commune (xã, phường, thị trấn).' });
registerEnumType(UnitKind, { name: 'UnitKind', description: 'The kind of unit within its level.' });
registerEnumType(SeizureItem, { name: 'SeizureItem', description: 'Weapons, explosives and firecrackers seized, as the provincial report lists them.' });
registerEnumType(MeasureUnit, { name: 'MeasureUnit', description: 'The unit a seized quantity is counted in.' });
