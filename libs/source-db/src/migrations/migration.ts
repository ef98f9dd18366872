/** One schema migration. Versions are applied in ascending order, each exactly once, in its own transaction. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
