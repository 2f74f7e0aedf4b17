// A real SMTP receiver on 127.0.0.1 for tests: the far side of the mail adapter. It keeps every
// message it accepts, decoded just enough to read (headers, encoded words, quoted-printable or
// base64 single-part text), and can be told to refuse recipients.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
	/** The SMTP envelope: MAIL FROM and RCPT TO, as the server saw them. */
	envelopeFrom: string;
	envelopeTo: string[];
	/** Header names lower-cased, values unfolded and decoded. */
	headers: Record<string, string>;
	subject: string;
	text: string;
	raw: string;
}

export interface SmtpReceiver {
	url: string;
	mails: ReceivedMail[];
	/** When it returns true for an address, RCPT TO is answered 550. */
	rejectRecipient: ((address: string) => boolean) | null;
	close(): Promise<void>;
}

export async function startSmtpReceiver(): Promise<SmtpReceiver> {
	const receiver: SmtpReceiver = {
		url: '',
		mails: [],
		rejectRecipient: null,
		close: async () => {}
	};
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onRcptTo(address, _session, callback) {
			if (receiver.rejectRecipient?.(address.address)) {
				const error = Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 });
				return callback(error);
			}
			callback();
		},
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				try {
					const raw = Buffer.concat(chunks).toString('latin1');
					const mailFrom = session.envelope.mailFrom;
					receiver.mails.push({
						...parseMessage(raw),
						envelopeFrom: mailFrom ? mailFrom.address : '',
						envelopeTo: session.envelope.rcptTo.map((r) => r.address),
						raw
					});
					callback();
				} catch (error) {
					callback(error as Error);
				}
			});
		}
	});
	await new Promise<void>((resolve, reject) => {
		server.server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.server.address() as AddressInfo;
	receiver.url = `smtp://127.0.0.1:${port}`;
	receiver.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
	return receiver;
}

const utf8 = (bytes: number[] | Buffer) => Buffer.from(bytes).toString('utf8');

function decodeQuotedPrintable(text: string) {
	const bytes: number[] = [];
	const input = text.replace(/=\r?\n/g, '');
	for (let i = 0; i < input.length; i++) {
		const hex = input[i] === '=' ? input.slice(i + 1, i + 3) : '';
		if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
			bytes.push(parseInt(hex, 16));
			i += 2;
		} else bytes.push(input.charCodeAt(i));
	}
	return utf8(bytes);
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=); whitespace between them is dropped. */
function decodeHeader(value: string) {
	return value
		.replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
		.replace(
			/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g,
			(_, _charset: string, enc: string, data: string) =>
				enc.toUpperCase() === 'B'
					? utf8(Buffer.from(data, 'base64'))
					: decodeQuotedPrintable(data.replace(/_/g, ' '))
		);
}

function parseMessage(raw: string) {
	const split = raw.indexOf('\r\n\r\n');
	const head = split < 0 ? raw : raw.slice(0, split);
	const body = split < 0 ? '' : raw.slice(split + 4);
	const headers: Record<string, string> = {};
	for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
		const colon = line.indexOf(':');
		if (colon <= 0) continue;
		const name = line.slice(0, colon).trim().toLowerCase();
		headers[name] ??= decodeHeader(utf8(Buffer.from(line.slice(colon + 1).trim(), 'latin1')));
	}
	if ((headers['content-type'] ?? '').toLowerCase().startsWith('multipart/'))
		throw new Error('The test receiver reads single-part messages only');
	const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
	const text =
		encoding === 'quoted-printable'
			? decodeQuotedPrintable(body)
			: encoding === 'base64'
				? utf8(Buffer.from(body.replace(/\s+/g, ''), 'base64'))
				: utf8(Buffer.from(body, 'latin1'));
	return {
		headers,
		subject: headers.subject ?? '',
		text: text.replace(/\r\n/g, '\n').replace(/\n$/, '')
	};
}
