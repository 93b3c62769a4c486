// What the service tests share: a small fake of our own Prompts (answers in order, records what was
// asked, runs the input boxes' validateInput), l10n without VS Code, a waiting helper and a
// silent log. The emulator and services come from ../aws/fixture's useFixture.
import * as assert from 'node:assert/strict';
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
  /** A quick pick's items shown picked. */
  picked?: string[];
}

/** A label without its leading codicon: "$(add) Share with an Account…" → "Share with an Account…". */
const plain = (label: string) => label.replace(/^\$\([^)]*\)\s*/, '');

/**
 * Answers prompts in order, per kind: a button label, the text typed, a quick pick's label (its
 * codicon left out; `a|b` for a multi-select, '' for none), or undefined for Escape. An input box
 * answer is checked against its validateInput first (VS Code does not accept what it refuses),
 * unless `acceptRefusedInput` (a test of the service's own re-check of what was typed).
 */
export class FakePrompts {
  readonly asked: Asked[] = [];

  constructor(
    private readonly answers: Partial<Record<Kind, (string | undefined)[]>> = {},
    private readonly options: { acceptRefusedInput?: boolean } = {},
  ) {}

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
      if (answer !== undefined && options?.validateInput && !this.options.acceptRefusedInput) {
        const problem = await options.validateInput(answer);
        assert.ok(!problem, `the input box refuses "${answer}": ${String(problem)}`);
      }
      return answer;
    },
    showQuickPick: async (items: unknown, options?: { title?: string; canPickMany?: boolean }) => {
      const list = (await items) as { label: string; description?: string; picked?: boolean }[];
      this.asked.push({
        kind: 'pick',
        message: options?.title ?? '',
        items: list.map((i) => plain(i.label)),
        descriptions: Object.fromEntries(list.map((i) => [plain(i.label), i.description])),
        picked: list.filter((i) => i.picked).map((i) => plain(i.label)),
      });
      const answer = this.answers.pick?.shift();
      if (answer === undefined) {
        return undefined;
      }
      const wanted = answer === '' ? [] : answer.split('|');
      const chosen = list.filter((i) => wanted.includes(plain(i.label)));
      assert.equal(chosen.length, wanted.length, `"${answer}" is not among ${list.map((i) => plain(i.label)).join(', ')}`);
      return options?.canPickMany ? chosen : chosen[0];
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

export const silentLog = (lines: string[] = []) => ({ info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) });
