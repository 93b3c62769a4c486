/**
 * The AppStream emulator: a real HTTP server on 127.0.0.1 that speaks AWS JSON 1.1
 * (`POST /`, `X-Amz-Target: PhotonAdminProxyService.<Op>`) as `@aws-sdk/client-appstream` and
 * the AWS CLI send it. The account comes from the SigV4 access key id, the region from the
 * credential scope. Control endpoints for tests live under `/__emulator/` (see README.md).
 */
import * as crypto from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { ApiError, OPERATIONS } from './ops';
import { expectedSignature, parseAuthorization, signaturesMatch } from './sigv4';
import { SSO_PATH, getRoleCredentials, ssoBody, ssoParams } from './sso';
import { EmulatorState, type KnownKey } from './state';
import { STS_CONTENT_TYPE, parseForm, runSts, sendXml, stsError, stsErrorXml } from './sts';
import type { Fault, RequestLogEntry, Seed, SeedImagePermission, WireObject } from './types';

export { EMULATOR_SSO_TOKEN, EmulatorState, awsConfigText, defaultSeedPath, findRepoRoot, loadSeed, seedAccounts } from './state';
export type { AccountProfile, CopyInFlight, KnownKey, RegionStore, StoredImage, TemporaryCredentials } from './state';
export type { Fault, FaultKind, RequestFilter, RequestLogEntry, Seed, SeedAccount, SeedImagePermission, SeedRegionResources, WireObject } from './types';

export const TARGET_PREFIX = 'PhotonAdminProxyService';
export const CONTENT_TYPE = 'application/x-amz-json-1.1';

export interface EmulatorOptions {
  /** 0 or undefined: a free port. */
  port?: number;
  /** A seed object or the path of a seed JSON file; default test/emulator/seed.json. */
  seed?: Seed | string;
  /** Fixed latency added to every AWS request. */
  latencyMs?: number;
  /** Random extra latency, 0..jitterMs, added to every AWS request. */
  jitterMs?: number;
  /** How long a deleted image stays DELETING before it disappears (default 3000). */
  deleteDelayMs?: number;
  /** How long an image copied by CopyImage stays COPYING before it completes (default 5000). */
  copyDelayMs?: number;
  /** Destination image names whose CopyImage ends FAILED (IMAGE_COPY_FAILURE); `'*'` = all copies. */
  copyFailures?: string[];
  faults?: Fault[];
  /** Verify SigV4 signatures with the seeded secrets (default true). */
  verifySignatures?: boolean;
}

export interface Emulator {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  state: EmulatorState;
  stop(): Promise<void>;
}

const MAX_BODY = 5 * 1024 * 1024;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) { reject(new ApiError(413, 'RequestEntityTooLargeException', `Request body larger than ${MAX_BODY} bytes`)); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, body: string, extra: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) { return; }
  res.writeHead(status, {
    'Content-Type': CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-RequestId': crypto.randomUUID(),
    ...extra,
  });
  res.end(body);
}

function sendError(res: http.ServerResponse, e: ApiError, log?: RequestLogEntry): void {
  if (log) { log.status = e.status; log.errorCode = e.code; }
  send(res, e.status, JSON.stringify({ __type: e.code, message: e.message }), { 'x-amzn-ErrorType': e.code });
}

/** Who signed a request: the account (of a seeded key or of minted temporary credentials) and the scope's region. */
export interface Caller {
  accessKeyId: string;
  accountId: string;
  region: string;
  key: KnownKey;
}

/**
 * Checks a SigV4-signed request (scoped to `service`) and returns its caller. Throws ApiError
 * with AppStream's codes (the STS path maps them to STS's): no header →
 * MissingAuthenticationTokenException, unknown key or a temporary key without its session token
 * → UnrecognizedClientException, expired temporary credentials → ExpiredTokenException, wrong
 * scope or signature → InvalidSignatureException. `onKnown` runs as soon as the key is known
 * (for the request log).
 */
export function authenticate(
  state: EmulatorState,
  req: http.IncomingMessage,
  body: Buffer,
  service: string,
  verify: boolean,
  onKnown?: (accountId: string, region: string) => void,
): Caller {
  const authHeader = req.headers.authorization;
  if (!authHeader) {
    throw new ApiError(400, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  }
  const auth = parseAuthorization(authHeader);
  if (!auth) {
    throw new ApiError(400, 'IncompleteSignatureException',
      `Authorization header is not a valid AWS4-HMAC-SHA256 header (Credential=AKID/DATE/REGION/${service}/aws4_request, SignedHeaders=..., Signature=...): '${authHeader}'`);
  }
  const key = state.knownKey(auth.accessKeyId);
  if (!key) {
    throw new ApiError(400, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
  onKnown?.(key.accountId, auth.region);
  if (key.kind === 'temporary') {
    // Temporary credentials are only valid with the session token they were minted with.
    if (String(req.headers['x-amz-security-token'] ?? '') !== key.temporary.sessionToken) {
      throw new ApiError(400, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
    }
    if (key.temporary.expiration <= Date.now()) {
      throw new ApiError(400, 'ExpiredTokenException', 'The security token included in the request is expired');
    }
  }
  if (auth.service !== service) {
    throw new ApiError(400, 'InvalidSignatureException', `Credential should be scoped to correct service: '${service}'. (got '${auth.service}')`);
  }
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  if (!amzDate.startsWith(auth.date)) {
    throw new ApiError(400, 'InvalidSignatureException',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`);
  }
  if (verify && !signaturesMatch(expectedSignature(req, body, auth, key.secretAccessKey), auth.signature)) {
    throw new ApiError(400, 'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.');
  }
  return { accessKeyId: auth.accessKeyId, accountId: key.accountId, region: auth.region, key };
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const state = new EmulatorState(opts.seed, opts.deleteDelayMs ?? 3000, opts.faults ?? []);
  if (opts.copyDelayMs !== undefined) { state.copyDelayMs = opts.copyDelayMs; }
  state.copyFailures = new Set(opts.copyFailures ?? []);
  const verify = opts.verifySignatures ?? true;
  const hung = new Set<http.ServerResponse>();

  async function handleAws(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void> {
    const target = String(req.headers['x-amz-target'] ?? '');
    const op = target.startsWith(`${TARGET_PREFIX}.`) ? target.slice(TARGET_PREFIX.length + 1) : target;
    let params: unknown;
    try { params = body.length ? JSON.parse(body.toString('utf8')) : {}; } catch { params = undefined; }
    const log = state.logRequest({ op, params });
    try {
      const base = (opts.latencyMs ?? 0) + Math.random() * (opts.jitterMs ?? 0);
      if (base > 0) { await sleep(base); }
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname !== '/' || req.method !== 'POST') {
        throw new ApiError(url.pathname !== '/' ? 404 : 405, 'UnknownOperationException',
          `The emulator answers AWS requests only as POST / (AWS JSON 1.1; control endpoints are under /__emulator/); got ${req.method} ${req.url}`);
      }
      const ctype = String(req.headers['content-type'] ?? '');
      if (ctype.split(';')[0].trim().toLowerCase() !== CONTENT_TYPE) {
        throw new ApiError(415, 'UnsupportedMediaTypeException',
          `Unsupported content type '${ctype}'; the emulator speaks ${CONTENT_TYPE}`);
      }
      // --- SigV4 ---
      const caller = authenticate(state, req, body, 'appstream', verify, (accountId, region) => {
        log.accountId = accountId;
        log.region = region;
      });
      // --- operation ---
      if (!target) {
        throw new ApiError(400, 'UnknownOperationException', `Missing X-Amz-Target header; expected ${TARGET_PREFIX}.<Operation>`);
      }
      const handler = target.startsWith(`${TARGET_PREFIX}.`) ? OPERATIONS[op] : undefined;
      if (!handler) {
        throw new ApiError(400, 'UnknownOperationException',
          `Unknown operation '${target}'. The emulator implements ${Object.keys(OPERATIONS).map((o) => `${TARGET_PREFIX}.${o}`).join(', ')}.`);
      }
      if (params === undefined || params === null || typeof params !== 'object' || Array.isArray(params)) {
        throw new ApiError(400, 'SerializationException', `The request body is not a JSON object: '${body.toString('utf8').slice(0, 200)}'`);
      }
      // --- faults ---
      const { latencyMs, terminal } = state.takeFaults(op, caller.accountId, caller.region);
      if (latencyMs > 0) {
        log.fault = 'latency';
        await sleep(latencyMs);
      }
      if (terminal) {
        log.fault = terminal.kind;
        switch (terminal.kind) {
          case 'throttle':
            throw new ApiError(400, 'ThrottlingException', 'Rate exceeded');
          case 'internal': {
            const status = terminal.status ?? 500;
            throw new ApiError(status, status === 503 ? 'ServiceUnavailable' : 'InternalFailure',
              'The request processing has failed because of an unknown error, exception or failure.');
          }
          case 'hang':
            hung.add(res);
            res.on('close', () => hung.delete(res));
            return;
          case 'malformed': {
            log.status = 200;
            const bad = '{"Images":[{"Name":"AppStream-WinServer2019-trunc';
            send(res, 200, bad);
            return;
          }
          default:
            break;
        }
      }
      const out = handler({ state, accountId: caller.accountId, region: caller.region, op }, params as Record<string, unknown>);
      log.status = 200;
      send(res, 200, JSON.stringify(out));
    } catch (e) {
      if (e instanceof ApiError) {
        sendError(res, e, log);
      } else {
        sendError(res, new ApiError(500, 'InternalFailure', `Emulator bug: ${e instanceof Error ? e.stack ?? e.message : String(e)}`), log);
      }
    }
  }

  /** STS (AWS Query: POST / form-encoded, SigV4 service `sts`), logged as its Action. */
  function handleSts(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void {
    const form = parseForm(body);
    const { TokenCode: _code, ...logged } = form; // an MFA code is not something to keep in a log
    const log = state.logRequest({ op: form.Action ?? '', params: logged });
    try {
      let caller: Caller;
      try {
        caller = authenticate(state, req, body, 'sts', verify, (accountId, region) => {
          log.accountId = accountId;
          log.region = region;
        });
      } catch (e) {
        throw e instanceof ApiError ? stsError(e) : e;
      }
      const arn = caller.key.kind === 'temporary'
        ? caller.key.temporary.arn
        : `arn:aws:iam::${caller.accountId}:user/${caller.key.profile}`;
      const xml = runSts(state, { accountId: caller.accountId, region: caller.region, arn }, form);
      log.status = 200;
      sendXml(res, 200, xml);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(500, 'InternalFailure', `Emulator bug: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      log.status = err.status;
      log.errorCode = err.code;
      sendXml(res, err.status, stsErrorXml(err));
    }
  }

  /** The SSO portal's GetRoleCredentials (REST JSON, unsigned, bearer token header). */
  function handleSso(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    const log = state.logRequest({ op: 'GetRoleCredentials', params: Object.fromEntries(url.searchParams) });
    const json = (status: number, text: string, extra: Record<string, string> = {}): void => {
      log.status = status;
      if (res.headersSent || res.destroyed) { return; }
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'x-amzn-RequestId': crypto.randomUUID(), ...extra });
      res.end(text);
    };
    try {
      if (req.method !== 'GET') {
        throw new ApiError(405, 'InvalidRequestException', `GetRoleCredentials is GET ${SSO_PATH}; got ${req.method}`);
      }
      const p = ssoParams(url);
      log.accountId = p.accountId;
      const t = getRoleCredentials(state, String(req.headers['x-amz-sso_bearer_token'] ?? ''), p);
      json(200, ssoBody(t));
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(500, 'InternalServerException', `Emulator bug: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      log.errorCode = err.code;
      json(err.status, JSON.stringify({ message: err.message }), { 'x-amzn-errortype': err.code });
    }
  }

  function handleControl(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = `${req.method} ${url.pathname.replace(/\/+$/, '')}`;
    const json = (status: number, v: unknown): void => {
      if (res.headersSent) { return; }
      const text = JSON.stringify(v);
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    };
    let input: unknown;
    try {
      input = body.length ? JSON.parse(body.toString('utf8')) : undefined;
    } catch {
      json(400, { error: 'body is not JSON' });
      return;
    }
    try {
      switch (route) {
        case 'GET /__emulator':
        case 'GET /__emulator/health':
          json(200, { ok: true, accounts: state.accounts.map((a) => ({ profile: a.profile, accountId: a.accountId, region: a.region })), regions: state.regions });
          return;
        case 'GET /__emulator/requests':
          json(200, state.requests);
          return;
        case 'POST /__emulator/reset-log':
          state.resetLog();
          json(200, { ok: true });
          return;
        case 'GET /__emulator/faults':
          json(200, state.faults);
          return;
        case 'POST /__emulator/faults':
          if (!Array.isArray(input)) { json(400, { error: 'body must be a JSON array of faults' }); return; }
          state.setFaults(input as Fault[]);
          json(200, state.faults);
          return;
        case 'POST /__emulator/reset':
          state.reset();
          json(200, { ok: true });
          return;
        case 'POST /__emulator/config': {
          const c = (input ?? {}) as { deleteDelayMs?: unknown; copyDelayMs?: unknown; copyFailures?: unknown };
          if (typeof c.deleteDelayMs === 'number') { state.deleteDelayMs = c.deleteDelayMs; }
          if (typeof c.copyDelayMs === 'number') { state.copyDelayMs = c.copyDelayMs; }
          if (Array.isArray(c.copyFailures) && c.copyFailures.every((x) => typeof x === 'string')) { state.copyFailures = new Set(c.copyFailures); }
          json(200, { deleteDelayMs: state.deleteDelayMs, copyDelayMs: state.copyDelayMs, copyFailures: [...state.copyFailures] });
          return;
        }
        case 'POST /__emulator/sso-token': {
          const c = (input ?? {}) as { expiresInSeconds?: unknown };
          json(200, state.mintSsoToken(typeof c.expiresInSeconds === 'number' ? c.expiresInSeconds : undefined));
          return;
        }
        case 'POST /__emulator/expire-credentials': {
          const c = (input ?? {}) as { accessKeyId?: unknown };
          json(200, { expired: state.expireTemporaryCredentials(typeof c.accessKeyId === 'string' ? c.accessKeyId : undefined) });
          return;
        }
        case 'POST /__emulator/images': {
          const b = (input ?? {}) as { accountId?: string; region?: string; image?: WireObject; shares?: SeedImagePermission[] };
          if (!b.accountId || !b.region || !b.image || typeof b.image !== 'object') {
            json(400, { error: "body must be {accountId ('public' for a public image), region, image: {Name, ...}, shares?}" });
            return;
          }
          json(200, state.addImage(b.accountId, b.region, b.image, b.shares ?? []));
          return;
        }
        default:
          json(404, { error: `unknown control endpoint '${route}'`, endpoints: ['GET /__emulator/health', 'GET /__emulator/requests', 'POST /__emulator/reset-log', 'GET|POST /__emulator/faults', 'POST /__emulator/reset', 'POST /__emulator/images', 'POST /__emulator/config', 'POST /__emulator/sso-token', 'POST /__emulator/expire-credentials'] });
      }
    } catch (e) {
      json(500, { error: e instanceof Error ? e.message : String(e) });
    }
  }

  const server = http.createServer((req, res) => {
    readBody(req).then((body) => {
      if ((req.url ?? '').startsWith('/__emulator')) {
        handleControl(req, res, body);
        return undefined;
      }
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const ctype = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (req.method === 'POST' && url.pathname === '/' && ctype === STS_CONTENT_TYPE) {
        handleSts(req, res, body);
        return undefined;
      }
      if (url.pathname === SSO_PATH) {
        handleSso(req, res, url);
        return undefined;
      }
      return handleAws(req, res, body);
    }).catch((e: unknown) => {
      const err = e instanceof ApiError ? e : new ApiError(500, 'InternalFailure', String(e));
      sendError(res, err);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
  const port = (server.address() as AddressInfo).port;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    state,
    stop(): Promise<void> {
      stopped ??= new Promise<void>((resolve) => {
        state.cancelTimers();
        for (const r of hung) { r.destroy(); }
        hung.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}
