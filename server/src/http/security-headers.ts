import helmet from 'helmet';

/**
 * Security headers on every answer Express gives. The policy admits what the map and the IDE need and no
 * more: MapLibre's worker starts from a blob: URL, its images and glyphs may be data: or blob:, and
 * React, MapLibre and Monaco set inline styles.
 */
export const securityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      workerSrc: ["'self'", 'blob:'],
      childSrc: ["'self'", 'blob:'],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'", 'blob:', 'data:'],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  // The map's tiles and glyphs are same-origin; nothing here needs cross-origin isolation.
  crossOriginEmbedderPolicy: false,
  // Partners' dashboards may read the API across origins (CORS_ORIGINS).
  crossOriginResourcePolicy: { policy: 'cross-origin' },
  // HSTS is the TLS terminator's to send: a hub reached over plain HTTP on a closed network must stay reachable.
  strictTransportSecurity: false,
});
