import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	compilerOptions: {
		// Runes everywhere except in libraries (can go with Svelte 6).
		runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true)
	},
	kit: {
		// Separate output folders let several builds run side by side (e.g. tests and a dev server).
		outDir: process.env.S360_KIT_DIR ?? '.svelte-kit',
		adapter: adapter({ out: process.env.S360_BUILD_DIR ?? 'build' }),
		// src/service-worker.ts is registered as /sw.js by $lib/pwa/UpdatePrompt.svelte (vite-pwa).
		serviceWorker: { register: false },
		csp: {
			mode: 'nonce',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none'],
				'base-uri': ['self'],
				'object-src': ['none']
			}
		},
		typescript: {
			config: (config) => {
				config.include.push('../drizzle.config.ts', '../tests/**/*.ts', '../bench/**/*.ts');
			}
		}
	}
};

export default config;
