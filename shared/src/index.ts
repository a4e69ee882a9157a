export * from './text';
export * from './vocabulary';
export * from './geography';
export * from './geojson';
export * from './report';
export * from './metrics';
export * from './labels';
export * from './csv';
