import * as crypto from 'crypto';
import type { IncomingMessage } from 'http';

export interface ParsedAuth {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTH_RE = /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-f]{64})\s*$/;

/** Parses `AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request, SignedHeaders=..., Signature=...`. */
export function parseAuthorization(header: string): ParsedAuth | undefined {
  const m = AUTH_RE.exec(header.trim());
  if (!m) { return undefined; }
  return { accessKeyId: m[1], date: m[2], region: m[3], service: m[4], signedHeaders: m[5].split(';'), signature: m[6] };
}

const sha256 = (data: string | Buffer): string => crypto.createHash('sha256').update(data).digest('hex');
const hmac = (k: string | Buffer, data: string): Buffer => crypto.createHmac('sha256', k).update(data).digest();

/** RFC 3986 encoding as SigV4 wants it. */
const uriEncode = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Computes the SigV4 signature the client should have sent, from the raw request. */
export function expectedSignature(req: IncomingMessage, body: Buffer, auth: ParsedAuth, secretAccessKey: string): string {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const canonicalUri = url.pathname.split('/').map((seg) => uriEncode(decodeURIComponent(seg))).join('/') || '/';
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`).join('&');
  const values = new Map<string, string[]>();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i].toLowerCase();
    const list = values.get(name) ?? [];
    list.push(req.rawHeaders[i + 1].trim().replace(/\s+/g, ' '));
    values.set(name, list);
  }
  const canonicalHeaders = auth.signedHeaders.map((h) => `${h}:${(values.get(h) ?? []).join(',')}\n`).join('');
  const payloadHash = sha256(body);
  const canonicalRequest = [req.method ?? 'POST', canonicalUri, query, canonicalHeaders, auth.signedHeaders.join(';'), payloadHash].join('\n');
  const amzDate = values.get('x-amz-date')?.[0] ?? '';
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const kDate = hmac(`AWS4${secretAccessKey}`, auth.date);
  const kRegion = hmac(kDate, auth.region);
  const kService = hmac(kRegion, auth.service);
  const kSigning = hmac(kService, 'aws4_request');
  return crypto.createHmac('sha256', kSigning).update(stringToSign).digest('hex');
}

export function signaturesMatch(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && crypto.timingSafeEqual(ba, bb);
}
