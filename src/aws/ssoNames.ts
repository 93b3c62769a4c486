// Accounts added from an SSO session (the appstreamImages.ssoAccounts setting) and the profile
// names they take in the view. No SDK imports: the activation bundle and errors.ts use it.

/** One (account, role) pair the user added from an SSO session: an entry of `appstreamImages.ssoAccounts`. */
export interface SsoAccountEntry {
  /** The `[sso-session NAME]` of the config file it came from. */
  ssoSession?: string;
  /** Or a legacy SSO profile (sso_start_url in the profile itself, no sso_session). */
  ssoProfile?: string;
  accountId: string;
  roleName: string;
  /** The account's name as ListAccounts gave it when added (shown on its node; untrusted text). */
  accountName?: string;
  /** The region to show when appstreamImages.regions is empty; default the session's sso_region. */
  region?: string;
}

/**
 * The profile name of an added SSO account: `sso:<session>/<accountId>/<roleName>` (legacy:
 * `sso-profile:<profile>/<accountId>/<roleName>`). The account id, not the name: it is unique and
 * never changes, while account names repeat, get renamed and are text from the portal. The name
 * is what every profile-keyed thing uses (tree ids, image refs, the profiles setting), and the
 * prefix and slashes keep it apart from the config file's profiles, which do not use them.
 */
export function ssoProfileName(entry: Pick<SsoAccountEntry, 'ssoSession' | 'ssoProfile' | 'accountId' | 'roleName'>): string {
  return entry.ssoSession !== undefined
    ? `sso:${entry.ssoSession}/${entry.accountId}/${entry.roleName}`
    : `sso-profile:${entry.ssoProfile ?? ''}/${entry.accountId}/${entry.roleName}`;
}

/** The session (or legacy profile) of an added SSO account's profile name, else undefined. */
export function parseSsoProfileName(name: string): { ssoSession?: string; ssoProfile?: string; accountId: string; roleName: string } | undefined {
  const m = /^(sso|sso-profile):(.+)\/(\d{12})\/([^/]+)$/.exec(name);
  if (!m) {
    return undefined;
  }
  return m[1] === 'sso' ? { ssoSession: m[2], accountId: m[3], roleName: m[4] } : { ssoProfile: m[2], accountId: m[3], roleName: m[4] };
}

/** The shell command that signs in to the session behind an added SSO account (or undefined for other profiles). */
export function ssoLoginCommandFor(profileName: string): string | undefined {
  const p = parseSsoProfileName(profileName);
  if (!p) {
    return undefined;
  }
  return p.ssoSession !== undefined ? ssoLoginCommand({ kind: 'session', name: p.ssoSession }) : ssoLoginCommand({ kind: 'profile', name: p.ssoProfile ?? '' });
}

export function ssoLoginCommand(source: { kind: 'session' | 'profile'; name: string }): string {
  const quoted = /^[\w.@+=,-]+$/.test(source.name) ? source.name : `'${source.name.replace(/'/g, `'\\''`)}'`;
  return source.kind === 'session' ? `aws sso login --sso-session ${quoted}` : `aws sso login --profile ${quoted}`;
}

/** The valid entries of the setting (anything else is ignored), without duplicates. */
export function validSsoAccountEntries(raw: unknown): SsoAccountEntry[] {
  if (!Array.isArray(raw)) {
    return [];
  }
  const seen = new Set<string>();
  const out: SsoAccountEntry[] = [];
  for (const r of raw as unknown[]) {
    const e = r as Partial<Record<keyof SsoAccountEntry, unknown>> | null;
    if (!e || typeof e !== 'object') {
      continue;
    }
    const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
    const entry: SsoAccountEntry = {
      ssoSession: str(e.ssoSession),
      ssoProfile: str(e.ssoSession) ? undefined : str(e.ssoProfile),
      accountId: str(e.accountId) ?? '',
      roleName: str(e.roleName) ?? '',
      accountName: str(e.accountName),
      region: str(e.region),
    };
    if ((!entry.ssoSession && !entry.ssoProfile) || !/^\d{12}$/.test(entry.accountId) || !/^[\w+=,.@-]+$/.test(entry.roleName)) {
      continue;
    }
    const name = ssoProfileName(entry);
    if (!seen.has(name)) {
      seen.add(name);
      out.push(Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined)) as unknown as SsoAccountEntry);
    }
  }
  return out;
}
