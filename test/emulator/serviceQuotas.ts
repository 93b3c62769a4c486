/**
 * Service Quotas (AWS JSON 1.1, `X-Amz-Target: ServiceQuotasV20190624.<Op>`, SigV4 service
 * `servicequotas`): ListServiceQuotas and GetServiceQuota for service code `appstream2`, with the
 * values of state.quota() per account and Region. Errors carry `Message` as the model names it.
 */
import { ApiError, Validator, page, type Handler, type OpContext } from './ops';
import { APPSTREAM_QUOTAS, APPSTREAM_SERVICE_CODE, APPSTREAM_SERVICE_NAME, type QuotaDefinition } from './quotas';
import type { WireObject } from './types';

export const SERVICE_QUOTAS_TARGET_PREFIX = 'ServiceQuotasV20190624';
export const SERVICE_QUOTAS_SIGNING_NAME = 'servicequotas';

const SERVICE_CODE = /^[a-zA-Z][a-zA-Z0-9-]{1,63}$/;
const QUOTA_CODE = /^[a-zA-Z][a-zA-Z0-9-]{1,128}$/;

function denyIfNeeded(ctx: OpContext): void {
  if (ctx.state.quotaAccessDenied(ctx.accountId)) {
    throw new ApiError(400, 'AccessDeniedException',
      `User: arn:aws:iam::${ctx.accountId}:user/emulator is not authorized to perform: servicequotas:${ctx.op} because no identity-based policy allows the servicequotas:${ctx.op} action`);
  }
}

function requireAppStream(code: string): void {
  if (code !== APPSTREAM_SERVICE_CODE) {
    throw new ApiError(400, 'NoSuchResourceException', `The request failed because the specified service does not exist: '${code}' (the emulator serves only ${APPSTREAM_SERVICE_CODE}).`);
  }
}

function wireQuota(ctx: OpContext, q: QuotaDefinition): WireObject {
  return {
    ServiceCode: APPSTREAM_SERVICE_CODE,
    ServiceName: APPSTREAM_SERVICE_NAME,
    QuotaArn: `arn:aws:servicequotas:${ctx.region}:${ctx.accountId}:${APPSTREAM_SERVICE_CODE}/${q.code}`,
    QuotaCode: q.code,
    QuotaName: q.name,
    Value: ctx.state.quota(ctx.accountId, ctx.region, q.code) ?? q.defaultValue,
    Unit: 'None',
    Adjustable: q.adjustable,
    GlobalQuota: false,
    QuotaAppliedAtLevel: 'ACCOUNT',
  };
}

const listServiceQuotas: Handler = (ctx, p) => {
  const v = new Validator(p);
  const code = v.string('ServiceCode', { required: true, min: 1, max: 63, pattern: SERVICE_CODE }) as string;
  const token = v.string('NextToken', { max: 2048, pattern: /^[a-zA-Z0-9/+]*={0,2}$/ });
  const max = v.integer('MaxResults', 1, 100);
  const quotaCode = v.string('QuotaCode', { min: 1, max: 128, pattern: QUOTA_CODE });
  const level = v.enumValue('QuotaAppliedAtLevel', ['ACCOUNT', 'RESOURCE', 'ALL']);
  v.done();
  denyIfNeeded(ctx);
  requireAppStream(code);
  // All appstream2 quotas apply at the account level: RESOURCE lists none.
  const quotas = APPSTREAM_QUOTAS.filter((q) => (quotaCode === undefined || q.code === quotaCode) && level !== 'RESOURCE');
  let r: { items: QuotaDefinition[]; next?: string };
  try {
    r = page(ctx, quotas, { code, quotaCode, level }, token, max ?? 100);
  } catch (e) {
    if (e instanceof ApiError && e.code === 'InvalidParameterCombinationException') {
      throw new ApiError(400, 'InvalidPaginationTokenException', 'Invalid input was provided: the NextToken is not valid for this request.');
    }
    throw e;
  }
  return { Quotas: r.items.map((q) => wireQuota(ctx, q)), ...(r.next ? { NextToken: r.next } : {}) };
};

const getServiceQuota: Handler = (ctx, p) => {
  const v = new Validator(p);
  const code = v.string('ServiceCode', { required: true, min: 1, max: 63, pattern: SERVICE_CODE }) as string;
  const quotaCode = v.string('QuotaCode', { required: true, min: 1, max: 128, pattern: QUOTA_CODE }) as string;
  v.string('ContextId');
  v.done();
  denyIfNeeded(ctx);
  requireAppStream(code);
  const q = APPSTREAM_QUOTAS.find((x) => x.code === quotaCode);
  if (!q) {
    throw new ApiError(400, 'NoSuchResourceException', `The request failed because the specified quota does not exist: '${quotaCode}' in service ${code}.`);
  }
  return { Quota: wireQuota(ctx, q) };
};

export const SERVICE_QUOTAS_OPERATIONS: Record<string, Handler> = {
  ListServiceQuotas: listServiceQuotas,
  GetServiceQuota: getServiceQuota,
};
