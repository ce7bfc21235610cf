export { migrateServiceSchema } from '@birth/platform';

export function quoteIdentifier(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
