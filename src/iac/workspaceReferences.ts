import * as vscode from 'vscode';
import { loadReferences } from './parsers';
import { mayReferenceImages } from './references/sniff';

// Which workspace files name an image (for the delete confirmation, which words it: services/workspaceReferenceLines.ts): VS Code's workspace search
// for template files, then the same finders as the diagnostics, within a time budget.

const INCLUDE = '**/*.{yaml,yml,json,tf,tofu,ts,tsx,js,jsx,mjs,cjs}';
const EXCLUDE = '**/{node_modules,.git,cdk.out,.terraform,dist,out,build,.aws-sam}/**';
const MAX_FILES = 5000;

export interface WorkspaceReference {
  uri: vscode.Uri;
  /** 1-based, as people say it. */
  line: number;
  /** The path relative to its workspace folder, for display. */
  path: string;
}

export interface WorkspaceReferences {
  references: WorkspaceReference[];
  /** False when the budget ran out (or the file limit was hit) before every file was read. */
  complete: boolean;
}

/** An image to look for: its ARN always; its name unless `byName` is false. */
export interface ImageTarget {
  name: string;
  arn: string;
  /** A name resolves to an own or public image only: pass false for an image shared with the account. */
  byName?: boolean;
}

/**
 * Literal references to the image in the workspace's templates: by ARN, and by name unless
 * `byName` is false. Open documents are read as edited; other files from disk. Stops when
 * `budgetMs` is spent (`complete` is then false). Never throws: a failed search is an
 * incomplete one.
 */
export async function findWorkspaceReferences(image: ImageTarget, budgetMs = 2000, token?: vscode.CancellationToken): Promise<WorkspaceReferences> {
  return (await findWorkspaceReferencesOfImages([image], budgetMs, token)).get(image.arn) ?? { references: [], complete: false };
}

/** The same for several images in one pass over the files (a multi-select delete): by ARN. */
export async function findWorkspaceReferencesOfImages(
  images: ImageTarget[],
  budgetMs = 2000,
  token?: vscode.CancellationToken,
): Promise<Map<string, WorkspaceReferences>> {
  const deadline = Date.now() + budgetMs;
  const found = new Map<string, WorkspaceReference[]>(images.map((i) => [i.arn, []]));
  const result = (complete: boolean) => new Map([...found].map(([arn, references]) => [arn, { references, complete }]));
  if (budgetMs <= 0 || images.length === 0) {
    return result(images.length === 0);
  }
  const source = new vscode.CancellationTokenSource();
  const cancelled = token?.onCancellationRequested(() => source.cancel());
  const timer = setTimeout(() => source.cancel(), budgetMs);
  let files: vscode.Uri[];
  try {
    files = await vscode.workspace.findFiles(INCLUDE, EXCLUDE, MAX_FILES, source.token);
  } catch {
    return result(false);
  } finally {
    clearTimeout(timer);
    cancelled?.dispose();
    source.dispose();
  }
  let complete = Date.now() <= deadline && files.length < MAX_FILES;
  const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
  const decoder = new TextDecoder();
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  files.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  for (const uri of files) {
    if (Date.now() > deadline || token?.isCancellationRequested) {
      complete = false;
      break;
    }
    let text: string;
    const doc = open.get(uri.toString());
    try {
      text = doc ? doc.getText() : decoder.decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      continue; // gone or unreadable: not a reference we can show
    }
    const wanted = images.filter((i) => text.includes(i.byName === false ? i.arn : i.name));
    if (wanted.length === 0 || !mayReferenceImages(text)) {
      continue;
    }
    const parsers = loadReferences();
    const format = parsers.templateFormatOf(uri.path, doc?.languageId);
    if (!format) {
      continue;
    }
    const lineStarts = lineStartsOf(text);
    for (const ref of parsers.findImageReferences(text, format).references) {
      for (const image of wanted) {
        if ((ref.kind === 'arn' && ref.value === image.arn) || (ref.kind === 'name' && image.byName !== false && ref.value === image.name)) {
          found.get(image.arn)!.push({ uri, line: lineOf(lineStarts, ref.start), path: vscode.workspace.asRelativePath(uri, multiRoot) });
        }
      }
    }
  }
  return result(complete);
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      starts.push(i + 1);
    }
  }
  return starts;
}

function lineOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return lo + 1;
}
