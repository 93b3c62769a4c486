// How an image builder looks in the tree. Pure functions: tested without VS Code.
import type { ImageBuilder } from '@aws-sdk/client-appstream';
import { isBuilderTransitional } from '../aws/builderRules';
import { parseImageArn } from '../aws/imageRef';
import { plainLabel } from '../aws/untrusted';
import { platformLabel } from './imagePresentation';

/** The codicon for a builder state; transitional states spin (`loading~spin` while it goes down, `sync~spin` otherwise). */
export function builderStateIcon(state: string | undefined): { id: string; color?: string } {
  switch (state) {
    case 'RUNNING':
      return { id: 'vm-running', color: 'testing.iconPassed' };
    case 'STOPPED':
      return { id: 'vm-outline' };
    case 'FAILED':
      return { id: 'error', color: 'errorForeground' };
    case 'DELETING':
      return { id: 'loading~spin', color: 'errorForeground' };
    case 'STOPPING':
      return { id: 'loading~spin' };
    default:
      return isBuilderTransitional(state) ? { id: 'sync~spin' } : { id: 'circle-outline' };
  }
}

/** The image a builder runs: the name in its ImageArn. */
export function builderImageName(builder: ImageBuilder): string | undefined {
  return parseImageArn(builder.ImageArn)?.name ?? builder.ImageArn;
}

/** `DisplayName · State · instance type · platform · image` */
export function builderDescription(builder: ImageBuilder): string {
  const image = builderImageName(builder);
  return [
    builder.DisplayName && builder.DisplayName !== builder.Name ? plainLabel(builder.DisplayName, 60) : undefined,
    builder.State,
    builder.InstanceType,
    builder.Platform ? platformLabel(builder.Platform) : undefined,
    image ? plainLabel(image, 80) : undefined,
  ]
    .filter((p): p is string => Boolean(p))
    .join(' · ');
}

/**
 * A builder as plain text for its read-only details document: every field the user needs, its
 * ImageBuilderErrors, hidden characters removed. Plain text is never rendered, so hostile
 * names and messages stay text.
 */
export function builderDetailsText(builder: ImageBuilder, where: { profile: string; region: string; account?: string }): string {
  const clean = (v: unknown) => plainLabel(String(v), 2000);
  const lines: string[] = [];
  const line = (label: string, value: unknown) => {
    if (value !== undefined && value !== null && value !== '') {
      lines.push(`${label}: ${clean(value)}`);
    }
  };
  lines.push(`Image builder ${clean(builder.Name ?? '?')}`, '');
  line('State', builder.State);
  line('State change reason', builder.StateChangeReason ? `${builder.StateChangeReason.Code ?? ''} ${builder.StateChangeReason.Message ?? ''}`.trim() : undefined);
  line('Display name', builder.DisplayName);
  line('Description', builder.Description);
  line('Instance type', builder.InstanceType);
  line('Platform', builder.Platform ? platformLabel(builder.Platform) : undefined);
  line('Image', builder.ImageArn);
  line('AppStream agent', builder.AppstreamAgentVersion);
  line('Default internet access', builder.EnableDefaultInternetAccess);
  line('Subnets', builder.VpcConfig?.SubnetIds?.join(', '));
  line('Security groups', builder.VpcConfig?.SecurityGroupIds?.join(', '));
  line('IAM role', builder.IamRoleArn);
  line('Created', builder.CreatedTime?.toISOString());
  line('ARN', builder.Arn);
  line('Profile / account / region', `${where.profile} / ${where.account ?? '?'} / ${where.region}`);
  const errors = builder.ImageBuilderErrors ?? [];
  lines.push('', errors.length ? `Errors (${errors.length})` : 'Errors: none');
  errors.forEach((e, i) => {
    lines.push('', `${i + 1}. ${clean(e.ErrorCode ?? 'error')}${e.ErrorTimestamp ? ` at ${e.ErrorTimestamp.toISOString()}` : ''}`);
    lines.push(`   ${clean(e.ErrorMessage ?? '')}`);
  });
  return `${lines.join('\n')}\n`;
}
