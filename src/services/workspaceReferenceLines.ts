// The lines of the Delete confirmation that say which workspace files name the image(s): pure, so
// the delete service (no vscode) and its tests format them alike.

/** One literal reference to an image in a workspace file. */
export interface FoundReference {
  /** The image it names (by name or by ARN). */
  arn: string;
  /** Relative to its workspace folder. */
  path: string;
  /** 1-based. */
  line: number;
}

/** What a workspace search found; `complete` is false when it stopped (time budget, file limit, a failure). */
export interface FoundReferences {
  references: FoundReference[];
  complete: boolean;
}

type T = (message: string, ...args: Array<string | number | boolean>) => string;

/**
 * "infra/fleet.yaml:14" lines (with the image's name when several images are deleted), at most
 * `max`, then "and N more"; a line saying the search stopped after N s when it did. No line at
 * all when a complete search found nothing.
 */
export function referenceLines(found: FoundReferences, t: T, options: { names: ReadonlyMap<string, string>; budgetMs: number; max?: number }): string[] {
  const max = options.max ?? 10;
  const several = options.names.size > 1;
  const refs = [...found.references].sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
  const lines: string[] = [];
  if (refs.length > 0) {
    lines.push(several ? t('Workspace files that reference these images:') : t('Workspace files that reference it:'));
    lines.push(...refs.slice(0, max).map((r) => `• ${r.path}:${r.line}${several ? ` — ${options.names.get(r.arn) ?? r.arn}` : ''}`));
    if (refs.length > max) {
      lines.push(t('and {0} more', refs.length - max));
    }
  }
  if (!found.complete) {
    const seconds = Math.round(options.budgetMs / 100) / 10;
    lines.push(
      refs.length > 0
        ? t('The workspace search stopped after {0} s: other files may reference it too.', seconds)
        : t('The workspace search stopped after {0} s: files it did not read may reference it.', seconds),
    );
  }
  return lines;
}
