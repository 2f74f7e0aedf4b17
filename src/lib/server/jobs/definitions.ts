// Every job kind of every module, registered once at start (server and tests).
import { majorityJob } from '../identity/majority';
import { sendMailJob } from '../mail/jobs';
import { pruneJob } from './maintenance';
import { registerJobs } from './registry';

export function registerAllJobs() {
	registerJobs([sendMailJob, pruneJob, majorityJob]);
}
