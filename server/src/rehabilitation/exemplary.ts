import { Ctx, Field, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { exemplaryNote, exemplaryPlaces, exemplaryYear, UnitLevel } from '@anbinh/shared';
import type { Context } from '../graphql/context';
import { AdminUnitNode } from '../geography/admin-unit.type';

@ObjectType('Exemplary', { description: 'Why a place is held up as an example (điển hình tiên tiến): what a report said of it, and when.' })
export class Exemplary {
  @Field(() => Int, { description: 'The year of the report.' }) year!: number;
  @Field(() => [String], { description: 'The places the report names, as it names them (a commune formed by a merger may hold several).' }) places!: string[];
  @Field(() => String, { description: 'What the report says, in Vietnamese.' }) note!: string;
  @Field(() => String, { description: 'What the report says, in English.' }) noteEn!: string;
}

@Resolver(() => AdminUnitNode)
export class AdminUnitExemplaryResolver {
  @FieldResolver(() => Exemplary, {
    nullable: true,
    description:
      'For a commune holding a place the 2021 report names as exemplary in community education (under its name then, on any later map): the note and year; null otherwise.',
  })
  exemplary(@Root() unit: AdminUnitNode, @Ctx() ctx: Context): Exemplary | null {
    if (unit.level !== UnitLevel.COMMUNE) return null;
    // Each named place is one atom of the 2008 division, so it is found inside whichever commune holds it.
    const atoms = new Set(ctx.gazetteer.atoms(unit.versionId));
    const places = exemplaryPlaces.filter((p) => atoms.has(p.atom));
    if (places.length === 0) return null;
    const notes = places.map(exemplaryNote);
    return Object.assign(new Exemplary(), {
      year: exemplaryYear,
      places: places.map((p) => p.name),
      note: notes.map((n) => n.vi).join(' '),
      noteEn: notes.map((n) => n.en).join(' '),
    });
  }
}
