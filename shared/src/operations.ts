/**
 * The operation names the hub's own web client and its GraphQL IDE examples send. `/metrics` counts these by name;
 * any other name only when the operator lists it (METRICS_OPERATIONS), so no client can add series.
 */
export const clientOperations: readonly string[] = [
  'AwardCommendation',
  'CamerasNearTranTemple',
  'ChoroplethValues',
  'CloseCase',
  'CommendationsPerDistrictPerYear',
  'CommunePage',
  'Headline',
  'LiveMap',
  'MetricCatalogue',
  'OpenCases',
  'Owner',
  'Place',
  'PlaceLineage',
  'ProvinceReport2021',
  'Record',
  'SearchByOldName',
  'SearchPlaces',
  'SignIn',
  'ThaiThuyRehabilitation2021',
];
