/**
 * Entry point VS Code loads as `extensionTestsPath` (in the extension host, with `vscode` available
 * to the suites). Runs Mocha, TDD UI (`suite` / `test` / `suiteSetup` ...), over every
 * `out/test/vscode/suite/**\/*.test.js`, and rejects when a test failed.
 *
 * `APPSTREAM_TEST_GREP` (a regular expression) narrows the run to matching test titles.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import Mocha from 'mocha';
import { SUITE_BEGIN_MARK, SUITE_CONSOLE_MARK, SUITE_END_MARK } from './consoleMark';

function findTests(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => path.join(dir, f))
    .sort();
}

export async function run(): Promise<void> {
  const mark = !!process.env.APPSTREAM_TEST_MARK_CONSOLE;
  if (mark) {
    // Reporters print through Base.consoleLog (captured when mocha loaded); format and mark each line.
    Mocha.reporters.Base.consoleLog = (...args: unknown[]) => {
      for (const line of util.format(...args).split('\n')) {
        console.log(SUITE_CONSOLE_MARK + line);
      }
    };
    console.log(SUITE_BEGIN_MARK);
  }
  try {
    await runMocha();
  } finally {
    if (mark) {
      console.log(SUITE_END_MARK);
    }
  }
}

async function runMocha(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    timeout: 60_000,
    color: false,
    reporter: 'spec',
  });
  if (process.env.APPSTREAM_TEST_GREP) {
    mocha.grep(new RegExp(process.env.APPSTREAM_TEST_GREP));
  }
  const files = findTests(path.join(__dirname, 'suite'));
  if (files.length === 0) {
    throw new Error(`no *.test.js under ${path.join(__dirname, 'suite')}: run \`npm run compile-tests\``);
  }
  for (const f of files) {
    mocha.addFile(f);
  }
  await mocha.loadFilesAsync();
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) {
    throw new Error(`${failures} test${failures === 1 ? '' : 's'} failed`);
  }
}
