import type { Actor } from '$lib/server/policy';

declare global {
	namespace App {
		interface Locals {
			actor: Actor | null;
			requestId: string;
		}
		interface Error {
			message: string;
			requestId?: string;
		}
	}
}

export {};
