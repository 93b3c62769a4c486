// What the service tests share: a small fake of our own Prompts (answers in order, records what was
// asked, runs the input boxes' validateInput), l10n without VS Code, a waiting helper, and an
// AppStreamService on the emulator's config.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { AppStreamService } from '../../../src/aws/service';
import type { Prompts } from '../../../src/platform/prompts';

export type Kind = 'warning' | 'info' | 'error' | 'input' | 'pick';

export interface Asked {
  kind: Kind;
  message: string;
  detail?: string;
  /** Buttons, or the labels of a quick pick's items. */
  items: string[];
  /** An input box's initial value. */
  value?: string;
  /** An input box's validateInput, to check what it says as the user types. */
  validate?: (v: string) => unknown;
  /** A quick pick's item descriptions, by label. */
  descriptions?: Record<string, string | undefined>;
}

/**
 * Answers prompts in order, per kind: a button label, the text typed, `a|b` for a multi-select
 * quick pick, or undefined for Escape. An input box answer is checked against its validateInput
 * first (VS Code does not accept what it refuses).
 */
export class FakePrompts {
  readonly asked: Asked[] = [];

  constructor(private readonly answers: Partial<Record<Kind, (string | undefined)[]>> = {}) {}

  private message(kind: Kind) {
    return async (message: string, ...rest: unknown[]): Promise<string | undefined> => {
      const options = typeof rest[0] === 'object' && rest[0] !== null ? (rest.shift() as { detail?: string }) : undefined;
      const items = rest as string[];
      this.asked.push({ kind, message, detail: options?.detail, items });
      const answer = this.answers[kind]?.shift();
      return items.find((i) => i === answer);
    };
  }

  readonly prompts = {
    showWarningMessage: this.message('warning'),
    showInformationMessage: this.message('info'),
    showErrorMessage: this.message('error'),
    showInputBox: async (options?: { title?: string; prompt?: string; value?: string; validateInput?: (v: string) => unknown }) => {
      this.asked.push({ kind: 'input', message: options?.title ?? '', detail: options?.prompt, items: [], value: options?.value, validate: options?.validateInput });
      const answer = this.answers.input?.shift();
      if (answer !== undefined && options?.validateInput) {
        const problem = await options.validateInput(answer);
        assert.ok(!problem, `the input box refuses "${answer}": ${String(problem)}`);
      }
      return answer;
    },
    showQuickPick: async (items: unknown, options?: { title?: string; canPickMany?: boolean }) => {
      const list = (await items) as { label: string; description?: string }[];
      this.asked.push({
        kind: 'pick',
        message: options?.title ?? '',
        items: list.map((i) => i.label),
        descriptions: Object.fromEntries(list.map((i) => [i.label, i.description])),
      });
      const answer = this.answers.pick?.shift();
      if (answer === undefined) {
        return undefined;
      }
      const picked = list.filter((i) => answer.split('|').includes(i.label));
      return options?.canPickMany ? picked : picked[0];
    },
  } as unknown as Pick<Prompts, 'showWarningMessage' | 'showInformationMessage' | 'showErrorMessage' | 'showInputBox' | 'showQuickPick'>;

  of(kind: Kind): Asked[] {
    return this.asked.filter((a) => a.kind === kind);
  }
}

/** l10n.t without VS Code: {0} placeholders, as vscode.l10n.t formats them. */
export const l10n = { t: (message: string, ...args: Array<string | number | boolean>) => message.replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)])) };

export async function waitFor(what: string, check: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) {
      assert.fail(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** An AppStreamService reading the AWS config written into `dir` (one attempt per request). */
export function serviceOn(dir: string): AppStreamService {
  return new AppStreamService({
    env: { AWS_CONFIG_FILE: path.join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'), HOME: dir, AWS_EC2_METADATA_DISABLED: 'true' },
    requestTimeoutMs: 5000,
    maxAttempts: 1,
    maxConcurrentRequests: 8,
  });
}

export const silentLog = (lines: string[] = []) => ({ info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) });
