import 'reflect-metadata';
import '../graphql/enums';
import { buildSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { AdminUnitResolver } from '../geography/admin-unit.resolver';
import { ReportResolver } from '../report/report.resolver';
import { declaredRecordTypes } from './record-types';
import { NodeResolver } from '../records/node.resolver';
import { AggregateRowResolver, MetricResolver } from '../metrics/metric.resolver';
import { MetricBreaksResolver } from '../metrics/breaks';
import { AdminUnitExemplaryResolver } from '../rehabilitation/exemplary';
import { AdminUnitRehabilitationResolver, RehabilitationResolver } from '../rehabilitation/rehabilitation';
import { AdminUnitCommendationSummaryResolver } from '../commendations/commendation-summary';
import { AccessResolver } from '../access/access.resolver';
import { refuseNulInArguments } from '../graphql/text-arguments';
import { describeWriteRefusals } from '../graphql/write-refusals';
import { AuditResolver } from '../audit/audit';
import { ChangeFeedResolver } from '../changes/feed';
import { TrustedDocumentResolver } from '../trusted-documents/trusted-documents.resolver';

/** The hub's GraphQL schema, built from the resolvers of every feature folder. */
export async function createSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [
      NodeResolver,
      AdminUnitResolver,
      AdminUnitRehabilitationResolver,
      AdminUnitExemplaryResolver,
      AdminUnitCommendationSummaryResolver,
      AccessResolver,
      AuditResolver,
      ReportResolver,
      MetricResolver,
      MetricBreaksResolver,
      AggregateRowResolver,
      RehabilitationResolver,
      ChangeFeedResolver,
      TrustedDocumentResolver,
      ...declaredRecordTypes.flatMap((type) => type.resolvers),
    ],
    validate: false,
    // type-graphql asks for a pub/sub even when every subscription brings its own stream, as the feed does (it reads the outbox).
    pubSub: {
      publish: () => undefined,
      subscribe: () => {
        throw new Error('Subscriptions here bring their own stream; there are no topics.');
      },
    },
  });
  return describeWriteRefusals(refuseNulInArguments(schema));
}
