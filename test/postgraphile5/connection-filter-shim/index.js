// Nothing: graphile-postgis imports this package only for its type declarations.
