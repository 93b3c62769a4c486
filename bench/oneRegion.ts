// Time to list one region's private images through the emulator with the default (demo) seed:
// demo-dev, us-east-1, 38 images in 2 pages. `node out/bench/oneRegion.js [--latency MS]`.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { AppStreamService } from '../src/aws';
import { awsConfigText, startEmulator } from '../test/emulator/server';

async function main(): Promise<void> {
  const i = process.argv.indexOf('--latency');
  const latencyMs = i > 0 ? Number(process.argv[i + 1]) : 0;
  const emulator = await startEmulator({ port: 0, latencyMs });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'appstream-one-region-'));
  try {
    const configFile = path.join(tmp, 'config');
    fs.writeFileSync(configFile, awsConfigText(emulator.url));
    const env = { HOME: tmp, AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: path.join(tmp, 'none') };
    const times: number[] = [];
    let count = 0;
    for (let run = 0; run < 7; run++) {
      // A fresh service each run: credentials and the client are set up as on a first expand.
      const service = new AppStreamService({ env, requestTimeoutMs: 10_000, maxAttempts: 3, maxConcurrentRequests: 8 });
      const started = performance.now();
      count = (await service.listImages('demo-dev', 'us-east-1', 'PRIVATE')).length;
      times.push(performance.now() - started);
      service.reset();
    }
    const sorted = [...times].sort((a, b) => a - b);
    const requests = emulator.state.count('DescribeImages') / times.length;
    console.log(
      `demo-dev us-east-1 PRIVATE: ${count} images, ${requests} requests, latency ${latencyMs} ms/request: ` +
        `median ${sorted[3].toFixed(1)} ms, first ${times[0].toFixed(1)} ms, min ${sorted[0].toFixed(1)} ms (7 runs)`,
    );
  } finally {
    await emulator.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
