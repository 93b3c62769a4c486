import { ListServiceQuotasCommand, type ServiceQuota, type ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { APPSTREAM_SERVICE_CODE } from './quotaRules';

/** Every appstream2 quota of the client's account and region, all pages. */
export async function listAppStreamQuotas(client: ServiceQuotasClient, send: <T extends object>(call: () => Promise<T>, continuation: boolean) => Promise<T>): Promise<ServiceQuota[]> {
  const all: ServiceQuota[] = [];
  let token: string | undefined;
  let first = true;
  do {
    const page = await send(() => client.send(new ListServiceQuotasCommand({ ServiceCode: APPSTREAM_SERVICE_CODE, NextToken: token, MaxResults: 100 })), !first);
    first = false;
    all.push(...(page.Quotas ?? []));
    token = page.NextToken;
  } while (token);
  return all;
}
