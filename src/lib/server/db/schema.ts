// All tables, module by module: drizzle-kit reads this file to generate migrations.
export * from '../identity/schema';
export * from '../auth/schema';
export * from '../cases/schema';
export * from '../audit/schema';
export * from '../mail/schema';
export * from '../jobs/schema';
export * from '../absences/schema';
