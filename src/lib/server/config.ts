import path from 'node:path';

// Everything read from the environment, in one place (see README "Configuration").
export const config = {
	get production() {
		return process.env.NODE_ENV === 'production' && process.env.S360_DEV_TOOLS !== '1';
	},
	get databaseUrl() {
		return process.env.DATABASE_URL || undefined;
	},
	get pgliteDir() {
		return path.resolve(process.env.PGLITE_DIR ?? 'data/pglite');
	},
	get filesDir() {
		return path.resolve(process.env.FILES_DIR ?? 'data/files');
	},
	get smtpUrl() {
		return process.env.SMTP_URL || undefined;
	},
	get mailFrom() {
		return process.env.MAIL_FROM ?? 'Schule 360° <noreply@schule360.example>';
	},
	get origin() {
		return process.env.ORIGIN ?? 'http://localhost:3000';
	},
	get demoData() {
		return process.env.DEMO_DATA === '1';
	},
	/** Run the job worker in this process (default on; off for one-off scripts). */
	get jobWorker() {
		return process.env.JOB_WORKER !== '0';
	}
};
