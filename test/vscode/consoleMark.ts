/**
 * Under code-server the extension host's console reaches run.js only through the browser page's
 * console, as workbench log entries mixed with the workbench's own (VS Code locks `console.*` in
 * the extension host, so it cannot be wrapped). index.ts therefore prints the Mocha reporter's
 * lines with this mark, and brackets the run with the begin/end marks; run.js prints marked lines
 * as they are and other lines seen between begin and end (a test's own console.log) with a prefix.
 */
export const SUITE_CONSOLE_MARK = '[suite] ';
export const SUITE_BEGIN_MARK = '[suite:begin]';
export const SUITE_END_MARK = '[suite:end]';
