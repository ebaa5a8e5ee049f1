export { PostgresStore } from './postgres-store.js';
export type { PostgresStoreOptions } from './postgres-connection.js';
export { SCHEMA_MIGRATIONS, LATEST_SCHEMA_VERSION, migrateSchema, schemaStatus } from './migrations.js';
export type { SchemaMigration } from './migrations.js';
export { DEFAULT_LEASE_MS } from './queries.js';
export type {
  ClaimedJob,
  ClaimedTimer,
  DueJobOptions,
  Lease,
  OpenUserTask,
  SubscriptionRow,
  UserTaskFilter,
} from './queries.js';
