export { startHub, type Hub } from './http/hub';
export { loadConfig, type Config } from './config';
export { createSchema } from './graphql/schema';
export { createContext, type Context } from './graphql/context';
export { hashPassword } from './access/passwords';
export { Tokens } from './access/tokens';
export { authConfigFromEnv } from './access/auth-config';
export { tileLayers } from './tiles/layers';
export { tileGeometry, buffer as tileBuffer, extent as tileExtent } from './tiles/encode';
