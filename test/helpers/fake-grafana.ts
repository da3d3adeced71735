/**
 * A real HTTP server on 127.0.0.1 that stands in for the Grafana HTTP API of a workspace: it keeps folders, data
 * sources, contact points and dashboards in memory, answers like Grafana (status codes and `{ message }` bodies),
 * records every request, and fails on purpose when told to (any status, or a response that never comes).
 * It also takes CloudFormation custom resource responses on `PUT /cfn-response/...`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization?: string;
  readonly body?: unknown;
}

type Failure = number | 'timeout';

interface StoredDashboard {
  dashboard: Record<string, unknown>;
  folderUid: string;
  version: number;
}

export class FakeGrafana {
  readonly requests: RecordedRequest[] = [];
  readonly folders = new Map<string, { uid: string; title: string }>();
  readonly dataSources = new Map<string, Record<string, unknown> & { id: number; name: string }>();
  readonly contactPoints = new Map<string, Record<string, unknown>>();
  readonly dashboards = new Map<string, StoredDashboard>();
  readonly cfnResponses: unknown[] = [];
  /** Dashboards Grafana refuses on save, by uid. */
  readonly rejectDashboards = new Map<string, { status: number; message: string }>();
  private readonly failures: Array<{ method: string; path: RegExp; queue: Failure[] }> = [];
  private nextId = 1;
  private server!: Server;
  private readonly held = new Set<ServerResponse>();

  constructor(readonly token: string) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** The next matching requests get these answers, in order, before the normal behaviour resumes. */
  fail(method: string, path: RegExp, ...queue: Failure[]): void {
    this.failures.push({ method, path, queue });
  }

  /** Requests other than reads, as "METHOD path". */
  writes(): string[] {
    return this.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
  }

  reset(): void {
    this.requests.length = 0;
    this.failures.length = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    if (path.startsWith('/cfn-response/')) {
      this.cfnResponses.push(body);
      res.writeHead(200).end();
      return;
    }
    this.requests.push({ method, path, authorization: req.headers.authorization, body });

    const failure = this.failures.find((f) => f.method === method && f.path.test(path) && f.queue.length);
    if (failure) {
      const what = failure.queue.shift()!;
      if (what === 'timeout') {
        this.held.add(res); // never answered; destroyed on stop
        return;
      }
      return this.send(res, what, { message: `injected ${what}` });
    }
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      return this.send(res, 401, { message: 'Invalid API key' });
    }
    this.route(method, path, body as Record<string, unknown>, res);
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  private route(method: string, fullPath: string, body: Record<string, unknown>, res: ServerResponse): void {
    const [path, query = ''] = fullPath.split('?');
    const params = new URLSearchParams(query);
    const m = (re: RegExp) => re.exec(path);
    const notFound = (what: string) => this.send(res, 404, { message: `${what} not found` });
    let g: RegExpExecArray | null;

    // Folders
    if ((g = m(/^\/api\/folders\/([^/]+)$/))) {
      const uid = decodeURIComponent(g[1]);
      const folder = this.folders.get(uid);
      if (method === 'GET') return folder ? this.send(res, 200, { ...folder, id: 1 }) : notFound('folder');
      if (method === 'PUT') {
        if (!folder) return notFound('folder');
        folder.title = String(body.title);
        return this.send(res, 200, folder);
      }
      if (method === 'DELETE') {
        if (!folder) return notFound('folder');
        this.folders.delete(uid);
        for (const [k, d] of this.dashboards) if (d.folderUid === uid) this.dashboards.delete(k);
        return this.send(res, 200, { message: 'Folder deleted' });
      }
    }
    if (path === '/api/folders' && method === 'POST') {
      const title = String(body.title);
      if ([...this.folders.values()].some((f) => f.title === title)) {
        return this.send(res, 409, { message: 'a folder with the same name already exists' });
      }
      const folder = { uid: String(body.uid), title };
      this.folders.set(folder.uid, folder);
      return this.send(res, 200, folder);
    }

    // Data sources
    if ((g = m(/^\/api\/datasources\/uid\/([^/]+)$/))) {
      const uid = decodeURIComponent(g[1]);
      const ds = this.dataSources.get(uid);
      if (method === 'GET') return ds ? this.send(res, 200, ds) : notFound('data source');
      if (method === 'PUT') {
        if (!ds) return notFound('data source');
        this.dataSources.set(uid, { ...body, id: ds.id, name: String(body.name), uid });
        return this.send(res, 200, { message: 'Datasource updated' });
      }
      if (method === 'DELETE') {
        if (!ds) return notFound('data source');
        this.dataSources.delete(uid);
        return this.send(res, 200, { message: 'Data source deleted' });
      }
    }
    if (path === '/api/datasources' && method === 'POST') {
      const name = String(body.name);
      if ([...this.dataSources.values()].some((d) => d.name === name)) {
        return this.send(res, 409, { message: 'data source with the same name already exists' });
      }
      const ds = { ...body, id: this.nextId++, name };
      this.dataSources.set(String(body.uid), ds);
      return this.send(res, 200, { message: 'Datasource added', id: ds.id });
    }

    // Contact points
    if (path === '/api/v1/provisioning/contact-points') {
      if (method === 'GET') return this.send(res, 200, [...this.contactPoints.values()]);
      if (method === 'POST') {
        this.contactPoints.set(String(body.uid), body);
        return this.send(res, 202, body);
      }
    }
    if ((g = m(/^\/api\/v1\/provisioning\/contact-points\/([^/]+)$/))) {
      const uid = decodeURIComponent(g[1]);
      if (method === 'PUT') {
        if (!this.contactPoints.has(uid)) return notFound('contact point');
        this.contactPoints.set(uid, body);
        return this.send(res, 202, { message: 'contactpoint updated' });
      }
      if (method === 'DELETE') {
        this.contactPoints.delete(uid);
        return this.send(res, 202, { message: 'contactpoint deleted' });
      }
    }

    // Dashboards
    if ((g = m(/^\/api\/dashboards\/uid\/([^/]+)$/))) {
      const uid = decodeURIComponent(g[1]);
      const d = this.dashboards.get(uid);
      if (method === 'GET') {
        return d
          ? this.send(res, 200, {
              dashboard: { ...d.dashboard, id: 7, version: d.version },
              meta: { folderUid: d.folderUid, version: d.version },
            })
          : notFound('Dashboard');
      }
      if (method === 'DELETE') {
        if (!d) return notFound('Dashboard');
        this.dashboards.delete(uid);
        return this.send(res, 200, { title: d.dashboard.title, message: 'Dashboard deleted' });
      }
    }
    if (path === '/api/dashboards/db' && method === 'POST') {
      const dashboard = body.dashboard as Record<string, unknown>;
      const uid = String(dashboard.uid);
      const reject = this.rejectDashboards.get(uid);
      if (reject) return this.send(res, reject.status, { message: reject.message });
      if (!dashboard.title) return this.send(res, 400, { message: 'Dashboard title cannot be empty' });
      const folderUid = String(body.folderUid ?? '');
      if (folderUid && !this.folders.has(folderUid))
        return this.send(res, 400, { message: 'folder not found' });
      const existing = this.dashboards.get(uid);
      if (existing && !body.overwrite) return this.send(res, 412, { status: 'version-mismatch' });
      const { id: _id, version: _v, ...rest } = dashboard;
      const version = (existing?.version ?? 0) + 1;
      this.dashboards.set(uid, { dashboard: rest, folderUid, version });
      return this.send(res, 200, { uid, status: 'success', version });
    }

    // Search
    if (path === '/api/search' && method === 'GET') {
      const folderUid = params.get('folderUIDs');
      const hits = [...this.dashboards.entries()]
        .filter(([, d]) => d.folderUid === folderUid)
        .map(([uid, d]) => ({ uid, title: d.dashboard.title, type: 'dash-db' }));
      return this.send(res, 200, hits);
    }
    return this.send(res, 404, { message: 'Not found' });
  }
}
