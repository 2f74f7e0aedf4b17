import * as v from 'valibot';

/** What a producer needs to enqueue a job: its name and versioned payload schema. */
export interface JobKind<S extends v.GenericSchema = v.GenericSchema> {
	name: string;
	payload: S;
	maxAttempts?: number;
}

/** A job kind with the handler that runs it; the handler is safe to run twice. */
export interface JobDefinition<S extends v.GenericSchema = v.GenericSchema> extends JobKind<S> {
	// Method syntax on purpose: lets a specific definition stand where any definition is expected.
	handler(payload: v.InferOutput<S>, job: { id: number; attempt: number }): Promise<void>;
}

export const defineJob = <S extends v.GenericSchema>(definition: JobDefinition<S>) => definition;

const registry = new Map<string, JobDefinition>();

export function registerJobs(definitions: JobDefinition[]) {
	for (const d of definitions) registry.set(d.name, d);
}

export const jobDefinition = (name: string) => registry.get(name);

/** The kinds this process can run: workers claim only these, others wait for a node that can. */
export const registeredJobNames = () => [...registry.keys()];
