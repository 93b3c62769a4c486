/**
 * The AppStream emulator: a real HTTP server on 127.0.0.1 that speaks AWS JSON 1.1
 * (`POST /`, `X-Amz-Target: PhotonAdminProxyService.<Op>`) as `@aws-sdk/client-appstream` and
 * the AWS CLI send it. The account comes from the SigV4 access key id, the region from the
 * credential scope. Control endpoints for tests live under `/__emulator/` (see README.md).
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { BUILDER_OPERATIONS } from './builderOps';
import { EXPORT_OPERATIONS } from './exportOps';
import { ApiError, OPERATIONS, type Handler } from './ops';
import { SERVICE_QUOTAS_OPERATIONS, SERVICE_QUOTAS_SIGNING_NAME, SERVICE_QUOTAS_TARGET_PREFIX } from './serviceQuotas';
import { expectedSignature, parseAuthorization, signaturesMatch } from './sigv4';
import { OidcError, SSO_OIDC_TOKEN_PATH, createToken } from './ssoOidc';
import { SSO_ACCOUNTS_PATH, SSO_PATH, SSO_ROLES_PATH, getRoleCredentials, listAccountRoles, listAccounts, ssoBody, ssoParams } from './sso';
import { UPDATE_OPERATIONS } from './updateOps';
import { EmulatorState, type KnownKey } from './state';
import { STS_CONTENT_TYPE, parseForm, runSts, sendXml, stsError, stsErrorXml } from './sts';
import type { Fault, RequestLogEntry, Seed, SeedImagePermission, WireObject } from './types';

/** The exceptions the SDK's model documents for an AppStream operation (the `@throws` of its command). */
const documentedErrorCache = new Map<string, string[]>();
function documentedErrors(op: string): string[] {
  let found = documentedErrorCache.get(op);
  if (!found) {
    try {
      const file = require.resolve(`@aws-sdk/client-appstream/dist-types/commands/${op}Command.d.ts`);
      found = [...fs.readFileSync(file, 'utf8').matchAll(/@throws \{@link (\w+)\}/g)].map((m) => m[1]).filter((n) => n !== 'AppStreamServiceException');
    } catch {
      found = [];
    }
    documentedErrorCache.set(op, found);
  }
  return found;
}

export { EMULATOR_SSO_TOKEN, EmulatorState, awsConfigText, defaultSeedPath, findRepoRoot, loadSeed, seedAccounts, ssoSessionConfigText } from './state';
export type { AccountProfile, CopyInFlight, KnownKey, MintedStreamingUrl, RegionStore, StoredExportTask, StoredImage, TemporaryCredentials, UpdateInFlight } from './state';
export type { Fault, FaultKind, RequestFilter, RequestLogEntry, Seed, SeedAccount, SeedImagePermission, SeedRegionResources, SeedServiceQuotas, SeedSso, SeedSsoAccount, WireObject } from './types';
export { APPSTREAM_QUOTAS, APPSTREAM_SERVICE_CODE, QUOTA_CODES } from './quotas';

export const TARGET_PREFIX = 'PhotonAdminProxyService';
export const CONTENT_TYPE = 'application/x-amz-json-1.1';

/** An AWS JSON 1.1 service the emulator answers on `POST /`. */
interface JsonService {
  targetPrefix: string;
  /** SigV4 service name in the credential scope. */
  signingName: string;
  operations: Record<string, Handler>;
  /** The error member naming the message (`message` for AppStream, `Message` for Service Quotas, as their models say). */
  messageKey: 'message' | 'Message';
}

/** AppStream's operations (PhotonAdminProxyService). */
export const APPSTREAM_OPERATIONS: Record<string, Handler> = { ...OPERATIONS, ...BUILDER_OPERATIONS, ...UPDATE_OPERATIONS, ...EXPORT_OPERATIONS };

const JSON_SERVICES: JsonService[] = [
  { targetPrefix: TARGET_PREFIX, signingName: 'appstream', operations: APPSTREAM_OPERATIONS, messageKey: 'message' },
  { targetPrefix: SERVICE_QUOTAS_TARGET_PREFIX, signingName: SERVICE_QUOTAS_SIGNING_NAME, operations: SERVICE_QUOTAS_OPERATIONS, messageKey: 'Message' },
];

/**
 * The service a `POST /` JSON request is for: by its X-Amz-Target prefix, else (no or unknown
 * target) by the service in its SigV4 credential scope, else AppStream. A target and a scope
 * that disagree are refused by authenticate() (InvalidSignatureException).
 */
function jsonServiceFor(target: string, authorization: string | undefined): JsonService {
  const byTarget = JSON_SERVICES.find((s) => target.startsWith(`${s.targetPrefix}.`));
  if (byTarget) { return byTarget; }
  const scope = authorization ? parseAuthorization(authorization)?.service : undefined;
  return JSON_SERVICES.find((s) => s.signingName === scope) ?? JSON_SERVICES[0];
}

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
  /** How long CreateUpdatedImage takes (PENDING → CREATING → AVAILABLE; default 15000). */
  updateDelayMs?: number;
  /** New image names whose managed update ends FAILED (IMAGE_UPDATE_FAILURE); `'*'` = all. */
  updateFailures?: string[];
  /** How long an image builder stays PENDING / STOPPING / DELETING (default 4000). */
  builderDelayMs?: number;
  /** Image builder names whose create or start ends FAILED (ImageBuilderErrors); `'*'` = all. */
  builderFailures?: string[];
  /** How long an export task stays EXPORTING (default 8000). */
  exportDelayMs?: number;
  /** AMI names whose export ends FAILED (ErrorDetails); `'*'` = all. */
  exportFailures?: string[];
  faults?: Fault[];
  /** Verify SigV4 signatures with the seeded secrets (default true). */
  verifySignatures?: boolean;
}

export interface Emulator {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  state: EmulatorState;
  /** TCP connections accepted since the start (a client that reuses its connections opens few). */
  connections(): number;
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

function sendError(res: http.ServerResponse, e: ApiError, log?: RequestLogEntry, messageKey: 'message' | 'Message' = 'message'): void {
  if (log) { log.status = e.status; log.errorCode = e.code; }
  send(res, e.status, JSON.stringify({ __type: e.code, [messageKey]: e.message }), { 'x-amzn-ErrorType': e.code });
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
  if (opts.updateDelayMs !== undefined) { state.updateDelayMs = opts.updateDelayMs; }
  state.updateFailures = new Set(opts.updateFailures ?? []);
  if (opts.builderDelayMs !== undefined) { state.builderDelayMs = opts.builderDelayMs; }
  state.builderFailures = new Set(opts.builderFailures ?? []);
  if (opts.exportDelayMs !== undefined) { state.exportDelayMs = opts.exportDelayMs; }
  state.exportFailures = new Set(opts.exportFailures ?? []);
  const verify = opts.verifySignatures ?? true;
  const hung = new Set<http.ServerResponse>();
  /** TCP connections accepted (Emulator.connections(), GET /__emulator/connections). */
  let connections = 0;

  async function handleAws(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void> {
    const target = String(req.headers['x-amz-target'] ?? '');
    const service = jsonServiceFor(target, req.headers.authorization);
    const prefix = service.targetPrefix;
    const op = target.startsWith(`${prefix}.`) ? target.slice(prefix.length + 1) : target;
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
      const caller = authenticate(state, req, body, service.signingName, verify, (accountId, region) => {
        log.accountId = accountId;
        log.region = region;
      });
      // --- operation ---
      if (!target) {
        throw new ApiError(400, 'UnknownOperationException', `Missing X-Amz-Target header; expected ${prefix}.<Operation>`);
      }
      const handler = target.startsWith(`${prefix}.`) && Object.hasOwn(service.operations, op) ? service.operations[op] : undefined;
      if (!handler) {
        throw new ApiError(400, 'UnknownOperationException',
          `Unknown operation '${target}'. The emulator implements ${Object.keys(service.operations).map((o) => `${prefix}.${o}`).join(', ')}.`);
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
          case 'error': {
            const code = terminal.code ?? '';
            if (!documentedErrors(op).includes(code)) {
              throw new ApiError(500, 'InternalFailure', `Emulator fault misconfigured: ${op} does not document ${code || 'an empty code'} (it documents ${documentedErrors(op).join(', ') || 'none'}).`);
            }
            throw new ApiError(terminal.status ?? 400, code, terminal.message ?? `${code} (injected by the emulator's fault).`);
          }
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
        sendError(res, e, log, service.messageKey);
      } else {
        sendError(res, new ApiError(500, 'InternalFailure', `Emulator bug: ${e instanceof Error ? e.stack ?? e.message : String(e)}`), log, service.messageKey);
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

  /**
   * The SSO portal (REST JSON, unsigned, bearer token header): GetRoleCredentials, ListAccounts,
   * ListAccountRoles. Faults apply to the two listings (throttle → 429 TooManyRequestsException,
   * internal → 500), not to GetRoleCredentials.
   */
  async function handleSso(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const op = url.pathname === SSO_PATH ? 'GetRoleCredentials' : url.pathname === SSO_ACCOUNTS_PATH ? 'ListAccounts' : 'ListAccountRoles';
    const log = state.logRequest({ op, params: Object.fromEntries(url.searchParams) });
    const json = (status: number, text: string, extra: Record<string, string> = {}): void => {
      log.status = status;
      if (res.headersSent || res.destroyed) { return; }
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'x-amzn-RequestId': crypto.randomUUID(), ...extra });
      res.end(text);
    };
    try {
      if (req.method !== 'GET') {
        throw new ApiError(405, 'InvalidRequestException', `${op} is GET ${url.pathname}; got ${req.method}`);
      }
      const token = String(req.headers['x-amz-sso_bearer_token'] ?? '');
      if (op === 'GetRoleCredentials') {
        const p = ssoParams(url);
        log.accountId = p.accountId;
        json(200, ssoBody(getRoleCredentials(state, token, p)));
        return;
      }
      const base = (opts.latencyMs ?? 0) + Math.random() * (opts.jitterMs ?? 0);
      if (base > 0) { await sleep(base); }
      const accountParam = url.searchParams.get('account_id') ?? undefined;
      if (accountParam) { log.accountId = accountParam; }
      const { latencyMs, terminal } = state.takeFaults(op, accountParam ?? '', '');
      if (latencyMs > 0) { log.fault = 'latency'; await sleep(latencyMs); }
      if (terminal) {
        log.fault = terminal.kind;
        if (terminal.kind === 'throttle') { throw new ApiError(429, 'TooManyRequestsException', 'Rate exceeded'); }
        if (terminal.kind === 'internal') { throw new ApiError(terminal.status ?? 500, 'InternalServerException', 'An internal error occurred.'); }
        if (terminal.kind === 'hang') { hung.add(res); res.on('close', () => hung.delete(res)); return; }
        if (terminal.kind === 'malformed') { json(200, '{"accountList":[{"accountId":"1'); return; }
      }
      json(200, JSON.stringify(op === 'ListAccounts' ? listAccounts(state, token, url) : listAccountRoles(state, token, url)));
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
        case 'GET /__emulator/connections':
          json(200, { connections });
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
          const c = (input ?? {}) as Record<string, unknown>;
          const strings = (x: unknown): x is string[] => Array.isArray(x) && x.every((y) => typeof y === 'string');
          for (const k of ['deleteDelayMs', 'copyDelayMs', 'updateDelayMs', 'builderDelayMs', 'exportDelayMs', 'maxConcurrentExports'] as const) {
            if (typeof c[k] === 'number') { state[k] = c[k]; }
          }
          for (const k of ['copyFailures', 'updateFailures', 'builderFailures', 'exportFailures'] as const) {
            const x = c[k];
            if (strings(x)) { state[k] = new Set(x); }
          }
          json(200, {
            deleteDelayMs: state.deleteDelayMs, copyDelayMs: state.copyDelayMs, copyFailures: [...state.copyFailures],
            updateDelayMs: state.updateDelayMs, updateFailures: [...state.updateFailures],
            builderDelayMs: state.builderDelayMs, builderFailures: [...state.builderFailures],
            exportDelayMs: state.exportDelayMs, exportFailures: [...state.exportFailures], maxConcurrentExports: state.maxConcurrentExports,
          });
          return;
        }
        case 'POST /__emulator/quotas': {
          const c = (input ?? {}) as { accountId?: unknown; region?: unknown; quotaCode?: unknown; value?: unknown; accessDenied?: unknown };
          if (typeof c.accountId !== 'string') { json(400, { error: 'body must be {accountId, region?, quotaCode?, value?, accessDenied?}' }); return; }
          if (typeof c.region === 'string' && typeof c.quotaCode === 'string' && typeof c.value === 'number') { state.setQuota(c.accountId, c.region, c.quotaCode, c.value); }
          if (typeof c.accessDenied === 'boolean') { state.setQuotaAccessDenied(c.accountId, c.accessDenied); }
          json(200, { ok: true });
          return;
        }
        case 'POST /__emulator/image-updates': {
          const c = (input ?? {}) as { accountId?: unknown; region?: unknown; name?: unknown; available?: unknown };
          if (typeof c.accountId !== 'string' || typeof c.region !== 'string' || typeof c.name !== 'string' || typeof c.available !== 'boolean') {
            json(400, { error: 'body must be {accountId, region, name, available: boolean}' });
            return;
          }
          { const found = state.setUpdateAvailable(c.accountId, c.region, c.name, c.available); json(found ? 200 : 404, { ok: found }); }
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
          json(404, { error: `unknown control endpoint '${route}'`, endpoints: ['GET /__emulator/health', 'GET /__emulator/requests', 'GET /__emulator/connections', 'POST /__emulator/reset-log', 'GET|POST /__emulator/faults', 'POST /__emulator/reset', 'POST /__emulator/images', 'POST /__emulator/config', 'POST /__emulator/quotas', 'POST /__emulator/image-updates', 'POST /__emulator/sso-token', 'POST /__emulator/expire-credentials'] });
      }
    } catch (e) {
      json(500, { error: e instanceof Error ? e.message : String(e) });
    }
  }

  /** SSO OIDC CreateToken (ssoOidc.ts): logged as `CreateToken` with the grant type and client id (never a secret or token). */
  function handleOidc(res: http.ServerResponse, body: Buffer): void {
    let input: unknown;
    try {
      input = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch {
      input = undefined;
    }
    const b = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
    const log = state.logRequest({ op: 'CreateToken', params: { grantType: b.grantType, clientId: b.clientId } });
    try {
      const out = JSON.stringify(createToken(state, input));
      log.status = 200;
      send(res, 200, out, { 'Content-Type': 'application/json' });
    } catch (e) {
      const err = e instanceof OidcError ? e : new OidcError(500, 'InternalServerException', 'server_error', e instanceof Error ? e.message : String(e));
      log.status = err.status;
      log.errorCode = err.code;
      send(res, err.status, JSON.stringify({ error: err.error, error_description: err.message }), { 'Content-Type': 'application/json', 'x-amzn-ErrorType': err.code });
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
      if (url.pathname === SSO_PATH || url.pathname === SSO_ACCOUNTS_PATH || url.pathname === SSO_ROLES_PATH) {
        return handleSso(req, res, url);
      }
      if (req.method === 'POST' && url.pathname === SSO_OIDC_TOKEN_PATH) {
        handleOidc(res, body);
        return undefined;
      }
      return handleAws(req, res, body);
    }).catch((e: unknown) => {
      const err = e instanceof ApiError ? e : new ApiError(500, 'InternalFailure', String(e));
      sendError(res, err);
    });
  });

  server.on('connection', () => connections++);

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
    connections: () => connections,
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
