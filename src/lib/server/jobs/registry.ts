import * as v from 'valibot';

/** A job kind: a name, a versioned payload schema and a handler that is safe to run twice. */
export interface JobDefinition<S extends v.GenericSchema = v.GenericSchema> {
	name: string;
	payload: S;
	maxAttempts?: number;
	// Method syntax on purpose: lets a specific definition stand where any definition is expected.
	handler(payload: v.InferOutput<S>, job: { id: number; attempt: number }): Promise<void>;
}

export const defineJob = <S extends v.GenericSchema>(definition: JobDefinition<S>) => definition;

const registry = new Map<string, JobDefinition>();

export function registerJobs(definitions: JobDefinition[]) {
	for (const d of definitions) registry.set(d.name, d);
}

export const jobDefinition = (name: string) => registry.get(name);
