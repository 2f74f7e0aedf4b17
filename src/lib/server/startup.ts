// Opens the database, registers jobs, loads demo data when asked, starts the job worker, and
// closes everything on shutdown (adapter-node emits `sveltekit:shutdown` on SIGINT/SIGTERM).
import { config } from './config';
import { closeDatabase, databaseKind, useDatabase } from './db';
import { openDatabase } from './db/client';
import { registerAllJobs } from './jobs/definitions';
import { scheduleDeadlineReminders } from './absences/deadlines';
import { scheduleMajorityCheck } from './identity/majority';
import { scheduleMaintenance } from './jobs/maintenance';
import { startWorker } from './jobs/queue';
import { log } from './log';

let stopWorker: (() => Promise<void>) | undefined;
let maintenanceTimer: NodeJS.Timeout | undefined;

export async function startServer() {
	const started = Date.now();
	useDatabase(await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir }));
	registerAllJobs();
	if (config.demoData) {
		const { seedDemoData } = await import('./demo/seed');
		await seedDemoData();
	}
	if (config.jobWorker) {
		stopWorker = startWorker();
		const schedule = () =>
			Promise.all([
				scheduleMaintenance(),
				scheduleMajorityCheck(),
				scheduleDeadlineReminders()
			]).catch((error) => log.error({ err: error }, 'maintenance scheduling failed'));
		void schedule();
		maintenanceTimer = setInterval(schedule, 10 * 60 * 1000);
		maintenanceTimer.unref();
	}
	log.info({ database: databaseKind(), ms: Date.now() - started }, 'server ready');
	process.once('sveltekit:shutdown', async (reason) => {
		log.info({ reason }, 'shutting down');
		clearInterval(maintenanceTimer);
		await stopWorker?.();
		await closeDatabase();
	});
}
