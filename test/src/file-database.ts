import { useFileDatabase } from '@anbinh/db/testing';

// Run before each test file under db/, server/ and test/ is imported, so that even its top level knows its database.
await useFileDatabase();
