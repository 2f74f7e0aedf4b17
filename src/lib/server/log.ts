import pino from 'pino';
import { requestContext } from './http/request-context';

/** Structured JSON logs; each line carries the request id when there is one. */
export const log = pino(
	{
		level: process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
		base: { service: 'schule360' },
		mixin: () => {
			const ctx = requestContext();
			return ctx ? { requestId: ctx.requestId } : {};
		}
	},
	// Asynchronous stdout: a synchronous write (a system call per line, blocking on a full pipe)
	// for the line every request logs cost ≈ 15 % of the server's throughput. Lines logged while
	// a write is under way go out together with the next one; pino flushes what is left on exit.
	pino.destination({ dest: 1, sync: false })
);
