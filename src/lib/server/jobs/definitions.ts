// Every job kind of every module, registered once at start (server and tests).
import { deadlineRemindersJob } from '../absences/deadlines';
import { majorityJob } from '../identity/majority';
import { sendMailJob } from '../mail/jobs';
import { pruneJob } from './maintenance';
import { registerJobs } from './registry';

export function registerAllJobs() {
	registerJobs([sendMailJob, pruneJob, majorityJob, deadlineRemindersJob]);
}
