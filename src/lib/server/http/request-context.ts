import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
	requestId: string;
	ip: string | null;
	userAgent: string | null;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const runWithRequestContext = <T>(context: RequestContext, fn: () => T) =>
	storage.run(context, fn);

/** The current request's id and client, for logs and the audit trail; undefined in jobs. */
export const requestContext = () => storage.getStore();
