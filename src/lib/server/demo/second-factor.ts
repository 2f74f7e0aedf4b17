// Fixed TOTP keys of the demo staff and district accounts (their second factor is mandatory), so
// that `npm start` stays usable: /entwicklung/zweiter-faktor shows their current codes and the
// browser tests compute them. Demo only: real keys are random (auth/second-factor/totp.ts).
// Like logins.ts, free of runtime imports (tests and scripts load it directly).
import type { DemoLoginKey } from './logins';

export const DEMO_TOTP_SECRETS: Partial<Record<DemoLoginKey, string>> = {
	teacher: '7W53OBV2IHWJEUR367YGJ6KSOHLTPHRK',
	secretary: 'OBUDI5F37ELVHNJN43WODPHTTFB3C5VD',
	schoolAdmin: 'FPUNV6FHV7LRU3VOWFQXYKWLP2SQWKVK',
	socialWorker: 'BLSROMDAWY2B7JRDJLLW43YVJZCOF5MD',
	districtFinance: '6IPI6K6B675PJUWLQT4Q5DSAVRZTE7K6',
	districtAdmin: 'EDU53B74GGH75LMUFN6NVCAQVDF6KPZC',
	secretaryLindenau: 'NYU7X63GQQPYXDCXPC6YWDPWICGMVU5B',
	deputyHead: '4LW3GKM7PXP7PKRNFQS6TVG32RASUILJ',
	secretaryLetters: 'RUPXLIT2D3W7JDDRBAICDQMB6WXR6ZFQ',
	secretaryCompanies: 'BTRO52TMFXCUNNKSN5MA37NGKF6DYY2I',
	classTeacherTG11: 'CZLRLPZR6THVBHIITFHWZGF5YIB6GFVL'
};
