import pino from 'pino';
import { requestContext } from './http/request-context';

/** Structured JSON logs; each line carries the request id when there is one. */
export const log = pino({
	level: process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
	base: { service: 'schule360' },
	mixin: () => {
		const ctx = requestContext();
		return ctx ? { requestId: ctx.requestId } : {};
	}
});
