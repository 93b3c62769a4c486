// The details panel's extension side, without VS Code: a small fake of the few `vscode` APIs it
// uses (a webview panel that records posted messages), to check the handshake, one panel per
// image, refresh errors, update after delete and restore by the serializer.
// The same panel runs in real VS Code in the test/vscode suites.

import * as assert from 'assert';
import { EventEmitter } from 'events';
import Module from 'module';
import type { ImageDetailsHost, ImageDetailsPanel as PanelClass } from '../../src/webview/imageDetailsPanel';
import type { ImageDetailsData, ImageKey } from '../../src/webview/protocol';

class FakeUri {
  constructor(readonly path: string) {}
  static joinPath(base: FakeUri, ...parts: string[]): FakeUri {
    return new FakeUri([base.path, ...parts].join('/'));
  }
  toString(): string {
    return `vscode-resource:${this.path}`;
  }
}

function event<T>(emitter: EventEmitter, name: string) {
  return (listener: (e: T) => unknown) => {
    emitter.on(name, listener);
    return { dispose: () => emitter.off(name, listener) };
  };
}

class FakePanel {
  readonly events = new EventEmitter();
  readonly posted: unknown[] = [];
  title: string;
  visible = true;
  disposed = false;
  revealed = 0;
  readonly webview = {
    html: '',
    options: {} as unknown,
    cspSource: 'vscode-webview://fake',
    asWebviewUri: (u: FakeUri) => u,
    postMessage: async (m: unknown) => {
      this.posted.push(JSON.parse(JSON.stringify(m)));
      return true;
    },
    onDidReceiveMessage: event<unknown>(this.events, 'message'),
  };
  onDidDispose = event<void>(this.events, 'dispose');
  onDidChangeViewState = event<void>(this.events, 'viewState');
  constructor(readonly viewType: string, title: string, readonly options: unknown) {
    this.title = title;
  }
  reveal(): void {
    this.revealed++;
  }
  dispose(): void {
    if (!this.disposed) {
      this.disposed = true;
      this.events.emit('dispose');
    }
  }
  /** The browser script sends a message; resolves after the panel's handler has run. */
  async send(message: unknown): Promise<void> {
    this.events.emit('message', message);
    await new Promise((r) => setImmediate(r));
  }
}

class CancellationError extends Error {
  constructor() {
    super('Canceled');
    this.name = 'Canceled';
  }
}

const created: FakePanel[] = [];
const errorMessages: string[] = [];
let serializer: { deserializeWebviewPanel(panel: FakePanel, state: unknown): Promise<void> } | undefined;

const fakeVscode = {
  Uri: FakeUri,
  ViewColumn: { Active: -1, One: 1 },
  CancellationError,
  window: {
    createWebviewPanel: (viewType: string, title: string, _column: unknown, options: unknown) => {
      const p = new FakePanel(viewType, title, options);
      created.push(p);
      return p;
    },
    registerWebviewPanelSerializer: (_viewType: string, s: typeof serializer) => {
      serializer = s;
      return { dispose: () => (serializer = undefined) };
    },
    showErrorMessage: async (m: string) => {
      errorMessages.push(m);
      return undefined;
    },
  },
};

const KEY: ImageKey = { profile: 'dev', region: 'us-east-1', name: 'img-1' };

function data(image: Record<string, unknown>, extra: Partial<ImageDetailsData> = {}): ImageDetailsData {
  return { key: KEY, image, fetchedAt: '2025-01-01T00:00:00.000Z', ...extra };
}

class FakeHost implements ImageDetailsHost {
  calls: string[] = [];
  next: Array<() => Promise<ImageDetailsData>> = [];
  deleteResult: () => Promise<void> = async () => undefined;
  async load(key: ImageKey): Promise<ImageDetailsData> {
    this.calls.push(`load ${key.name}`);
    const f = this.next.shift();
    return f ? f() : data({ Name: key.name, State: 'AVAILABLE' });
  }
  async deleteImage(key: ImageKey): Promise<void> {
    this.calls.push(`delete ${key.name}`);
    return this.deleteResult();
  }
  async openConsole(key: ImageKey): Promise<void> {
    this.calls.push(`console ${key.name}`);
  }
  async copy(text: string): Promise<void> {
    this.calls.push(`copy ${text}`);
  }
  async openExternal(url: string): Promise<void> {
    this.calls.push(`open ${url}`);
  }
}

function lastPosted(p: FakePanel): unknown {
  return p.posted[p.posted.length - 1];
}

const tick = () => new Promise((r) => setImmediate(r));

describe('ImageDetailsPanel (extension side, fake vscode)', () => {
  let Panel: typeof PanelClass;
  let viewType: string;
  const extUri = new FakeUri('/ext');
  const moduleInternals = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const originalLoad = moduleInternals._load;

  before(async () => {
    moduleInternals._load = function (request: string, ...rest: unknown[]) {
      return request === 'vscode' ? fakeVscode : originalLoad.call(this, request, ...rest);
    };
    const mod = await import('../../src/webview/imageDetailsPanel');
    Panel = mod.ImageDetailsPanel;
    viewType = mod.IMAGE_DETAILS_VIEW_TYPE;
  });

  after(() => {
    moduleInternals._load = originalLoad;
  });

  afterEach(() => {
    Panel.disposeAll();
    created.length = 0;
    errorMessages.length = 0;
  });

  it('sets the CSP with a fresh nonce, scripts enabled and resource roots limited', () => {
    const host = new FakeHost();
    Panel.createOrShow(extUri as never, host, KEY, data({ Name: 'img-1' }));
    Panel.createOrShow(extUri as never, host, { ...KEY, name: 'img-2' }, data({ Name: 'img-2' }));
    const [a, b] = created;
    assert.strictEqual(a.viewType, 'appstreamImages.imageDetails');
    assert.strictEqual(viewType, 'appstreamImages.imageDetails');
    assert.deepStrictEqual(a.options, { enableScripts: true, localResourceRoots: [new FakeUri('/ext/dist/webview'), new FakeUri('/ext/media')] });
    const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(a.webview.html)?.[1];
    assert.ok(nonce && Buffer.from(nonce, 'base64').length === 16, 'a 16-byte base64 nonce');
    assert.ok(a.webview.html.includes(`default-src 'none'; img-src vscode-webview://fake https:; style-src vscode-webview://fake; script-src 'nonce-${nonce}'; font-src vscode-webview://fake`));
    assert.ok(a.webview.html.includes(`<script nonce="${nonce}" src="vscode-resource:/ext/dist/webview/main.js">`));
    assert.ok(!b.webview.html.includes(nonce), 'each panel gets its own nonce');
  });

  it('queues data until the ready handshake, and replays it when the webview comes back', async () => {
    const host = new FakeHost();
    Panel.createOrShow(extUri as never, host, KEY, data({ Name: 'img-1', DisplayName: 'Shown <b>name</b>' }));
    const p = created[0];
    assert.strictEqual(p.title, 'Image: Shown <b>name</b>');
    assert.deepStrictEqual(p.posted, [], 'nothing posted before ready');
    await p.send({ type: 'ready' });
    assert.deepStrictEqual(p.posted.map((m) => (m as { type: string }).type), ['show']);
    // Hidden: the document is destroyed; shown again it says ready and gets the data again.
    p.visible = false;
    p.events.emit('viewState');
    Panel.update(KEY, data({ Name: 'img-1', State: 'DELETING' }));
    assert.strictEqual(p.posted.length, 1, 'nothing is posted to a hidden webview');
    p.visible = true;
    p.events.emit('viewState');
    await p.send({ type: 'ready' });
    const last = lastPosted(p) as { type: string; data: ImageDetailsData };
    assert.strictEqual(last.type, 'show');
    assert.strictEqual(last.data.image.State, 'DELETING');
  });

  it('one panel per profile/region/name: opening again reveals it', () => {
    const host = new FakeHost();
    const a = Panel.createOrShow(extUri as never, host, KEY, data({ Name: 'img-1' }));
    const b = Panel.createOrShow(extUri as never, host, { ...KEY }, data({ Name: 'img-1' }));
    const c = Panel.createOrShow(extUri as never, host, { ...KEY, region: 'eu-west-1' }, data({ Name: 'img-1' }));
    assert.strictEqual(a, b);
    assert.notStrictEqual(a, c);
    assert.strictEqual(created.length, 2);
    assert.strictEqual(created[0].revealed, 1);
    assert.strictEqual(Panel.current(KEY), a);
    created[0].dispose();
    assert.strictEqual(Panel.current(KEY), undefined, 'closing the panel forgets it');
  });

  it('loads on creation without initial data, and a failed refresh keeps the last good data', async () => {
    const host = new FakeHost();
    Panel.createOrShow(extUri as never, host, KEY);
    const p = created[0];
    await p.send({ type: 'ready' });
    await tick();
    assert.deepStrictEqual(host.calls, ['load img-1']);
    const shown = p.posted.filter((m) => (m as { type: string }).type === 'show');
    assert.strictEqual(shown.length, 1);
    host.next.push(async () => {
      throw new Error('ExpiredToken');
    });
    await p.send({ type: 'refresh' });
    await tick();
    const last = p.posted.filter((m) => (m as { type: string }).type === 'show').at(-1) as { data: ImageDetailsData };
    assert.strictEqual(last.data.error, 'Refresh failed: ExpiredToken');
    assert.strictEqual(last.data.image.Name, 'img-1', 'last good image kept');
    assert.deepStrictEqual(p.posted.at(-1), { type: 'busy', busy: false });
  });

  it('a failed first load posts loadError', async () => {
    const host = new FakeHost();
    host.next.push(async () => {
      throw new Error('AccessDenied');
    });
    Panel.createOrShow(extUri as never, host, KEY);
    const p = created[0];
    await tick();
    await p.send({ type: 'ready' });
    assert.deepStrictEqual(p.posted, [{ type: 'loadError', key: KEY, error: 'Refresh failed: AccessDenied' }]);
  });

  it('routes actions to the host; ignores a cancelled delete, shows a failed one; rejects non-https links', async () => {
    const host = new FakeHost();
    Panel.createOrShow(extUri as never, host, KEY, data({ Name: 'img-1' }));
    const p = created[0];
    await p.send({ type: 'ready' });
    await p.send({ type: 'copy', text: 'arn:x' });
    await p.send({ type: 'openConsole' });
    await p.send({ type: 'openExternal', url: 'https://docs.aws.amazon.com/x' });
    await p.send({ type: 'openExternal', url: 'javascript:alert(1)' });
    await p.send({ type: 'openExternal', url: 'http://example.com' });
    await p.send({ type: 'copy', text: 42 });
    host.deleteResult = async () => {
      throw new CancellationError();
    };
    await p.send({ type: 'delete' });
    assert.deepStrictEqual(host.calls, ['copy arn:x', 'console img-1', 'open https://docs.aws.amazon.com/x', 'delete img-1']);
    assert.strictEqual(p.posted.length, 1, 'a cancelled delete shows nothing');
    host.deleteResult = async () => {
      throw new Error('ResourceInUseException: used by fleet f1');
    };
    await p.send({ type: 'delete' });
    const last = p.posted.at(-1) as { data: ImageDetailsData };
    assert.strictEqual(last.data.error, 'Delete failed: ResourceInUseException: used by fleet f1');
  });

  it('update() wins over a slower refresh already in flight', async () => {
    const host = new FakeHost();
    Panel.createOrShow(extUri as never, host, KEY, data({ Name: 'img-1', State: 'AVAILABLE' }));
    const p = created[0];
    await p.send({ type: 'ready' });
    let release!: () => void;
    host.next.push(() => new Promise((resolve) => (release = () => resolve(data({ Name: 'img-1', State: 'AVAILABLE' })))));
    const refreshing = p.send({ type: 'refresh' });
    await tick();
    assert.strictEqual(Panel.update(KEY, data({ Name: 'img-1', State: 'DELETING' }, { gone: true })), true);
    release();
    await refreshing;
    await tick();
    const last = p.posted.filter((m) => (m as { type: string }).type === 'show').at(-1) as { data: ImageDetailsData };
    assert.strictEqual(last.data.gone, true);
    assert.strictEqual(Panel.update({ ...KEY, name: 'not-open' }, data({})), false);
  });

  it('the serializer restores a panel from the saved key and loads it; bad state closes it', async () => {
    const host = new FakeHost();
    const subscriptions: { dispose(): void }[] = [];
    Panel.registerSerializer({ extensionUri: extUri, subscriptions } as never, host);
    assert.strictEqual(subscriptions.length, 1);
    assert.ok(serializer);
    const restored = new FakePanel(viewType, 'old title', {});
    await serializer.deserializeWebviewPanel(restored, { key: { profile: 'dev', region: 'us-east-1', name: 'img-9' } });
    await tick();
    assert.deepStrictEqual(host.calls, ['load img-9']);
    assert.deepStrictEqual(restored.webview.options, { enableScripts: true, localResourceRoots: [new FakeUri('/ext/dist/webview'), new FakeUri('/ext/media')] });
    assert.strictEqual(restored.title, 'Image: img-9');
    assert.ok(Panel.current({ profile: 'dev', region: 'us-east-1', name: 'img-9' }));
    const bad = new FakePanel(viewType, 't', {});
    await serializer.deserializeWebviewPanel(bad, { key: { name: 5 } });
    assert.strictEqual(bad.disposed, true);
    const none = new FakePanel(viewType, 't', {});
    await serializer.deserializeWebviewPanel(none, undefined);
    assert.strictEqual(none.disposed, true);
    subscriptions[0].dispose();
  });
});
