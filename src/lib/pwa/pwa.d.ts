// Types for vite-plugin-pwa's virtual modules (virtual:pwa-register, virtual:pwa-info).
/// <reference types="vite-plugin-pwa/vanillajs" />
/// <reference types="vite-plugin-pwa/info" />
