// The small config files through which the SDK's SSO providers read an sso-session (see
// ssoAccounts.ts), and their cleanup. No AWS SDK here (only Node's fs): activation prunes stale
// files without loading the SDK.
import * as crypto from 'crypto';
import * as fs from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import type { SsoSource } from './types';

/** The profile of our own config file that names the session. */
export const SESSION_PROFILE = 'appstream-images-sso-session';

/** Our files: a hash of their text, `.config` (nothing else in the folder is ours to delete). */
const OWN_FILE = /^[0-9a-f]{24}\.config$/;
const HEADER = '# Written by the AppStream Images extension';

/** Where the files go when the extension gives no folder of its own: a folder of the OS temp dir, per user. */
export function defaultSsoConfigDir(): string {
  const user = typeof process.getuid === 'function' ? String(process.getuid()) : os.userInfo().username;
  return path.join(os.tmpdir(), `appstream-images-sso-${user}`);
}

/**
 * Our config file for one session: `[profile appstream-images-sso-session]` naming it, and its
 * `[sso-session]` section (start URL, region, scopes). Named by a hash of that text, so a
 * changed session gets a new file and the SDK's file cache cannot serve an old one. Written
 * again whenever it is missing or differs (a pruned file comes back on its next use).
 */
export async function sessionConfigFile(source: SsoSource, dir = defaultSsoConfigDir()): Promise<string> {
  const value = (v: string | undefined) => (v ?? '').replace(/[\r\n]/g, '');
  if (/[\][\r\n]/.test(source.name)) {
    throw new Error(`sso-session name "${source.name}" cannot be used`);
  }
  const text = [
    `${HEADER}: a profile naming an sso-session of your AWS config,`,
    '# so that the AWS SDK reads its cached token. Safe to delete.',
    `[profile ${SESSION_PROFILE}]`,
    `sso_session = ${source.name}`,
    '',
    `[sso-session ${source.name}]`,
    `sso_start_url = ${value(source.startUrl)}`,
    `sso_region = ${value(source.ssoRegion)}`,
    ...(source.registrationScopes ? [`sso_registration_scopes = ${value(source.registrationScopes)}`] : []),
    '',
  ].join('\n');
  const file = path.join(dir, `${crypto.createHash('sha256').update(text).digest('hex').slice(0, 24)}.config`);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const current = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (current !== text) {
    await fs.writeFile(file, text, { mode: 0o600 });
  } else {
    // In use: the newest file of its session, which pruning keeps.
    const now = new Date();
    await fs.utimes(file, now, now).catch(() => undefined);
  }
  return file;
}

/** The sso-session a file of ours names, or undefined when it is not one of ours. */
function sessionOf(text: string): string | undefined {
  if (!text.startsWith(HEADER)) {
    return undefined;
  }
  return /^sso_session = (.*)$/m.exec(text)?.[1];
}

/**
 * Deletes our files that nothing uses any more: those of sessions not in `keepSessions` (no
 * account of appstreamImages.ssoAccounts comes from them, and no listing is under way), and, of a
 * session kept, every file but the newest (older values of a changed [sso-session] section).
 * Files that are not ours are left alone. Returns the paths deleted. Never throws: a file that
 * cannot be read or deleted stays (it is harmless).
 */
export async function pruneSsoConfigFiles(dir: string, keepSessions: Iterable<string>): Promise<string[]> {
  const keep = new Set(keepSessions);
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter((n) => OWN_FILE.test(n));
  } catch {
    return [];
  }
  const newest = new Map<string, { file: string; mtimeMs: number }>();
  const stale: string[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      const [text, stat] = await Promise.all([fs.readFile(file, 'utf8'), fs.stat(file)]);
      const session = sessionOf(text);
      if (session === undefined) {
        continue;
      }
      if (!keep.has(session)) {
        stale.push(file);
        continue;
      }
      const best = newest.get(session);
      if (!best || stat.mtimeMs > best.mtimeMs) {
        if (best) {
          stale.push(best.file);
        }
        newest.set(session, { file, mtimeMs: stat.mtimeMs });
      } else {
        stale.push(file);
      }
    } catch {
      // unreadable: leave it
    }
  }
  const removed: string[] = [];
  for (const file of stale) {
    try {
      await fs.rm(file);
      removed.push(file);
    } catch {
      // already gone, or not ours to delete
    }
  }
  return removed;
}
