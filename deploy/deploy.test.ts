// Structural tests of everything in deploy/: no container engine or cluster runs here, so the
// files are parsed and cross-checked against each other and against the code they deploy.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { ALERT_NAMES, createMetrics, runPromtool } from '../src/monitor/index.js';

const DEPLOY = fileURLToPath(new URL('./', import.meta.url));
const ROOT = join(DEPLOY, '..');
const read = (path: string) => readFileSync(join(DEPLOY, path), 'utf8');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;
const yamlOf = (path: string): Doc => parse(read(path));

/** Runs promtool; in CI a missing promtool fails the test, locally it is reported and skipped. */
function promtool(args: string[]): { skipped: boolean; status: number | null; output: string } {
  const r = runPromtool(args);
  if (!r.available) {
    if (process.env.CI === 'true') throw new Error('promtool is required in CI (Debian package prometheus)');
    console.warn('promtool not installed: skipping', args.join(' '));
    return { skipped: true, status: null, output: '' };
  }
  return { skipped: false, status: r.status, output: r.output };
}

/** Metric names (and histogram series names) the server exports. */
async function exportedSeries(): Promise<Set<string>> {
  const names = new Set<string>();
  for (const m of await createMetrics().registry.getMetricsAsJSON()) {
    names.add(m.name);
    if (m.type === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(m.name + s);
    if (m.type === 'summary') for (const s of ['_sum', '_count']) names.add(m.name + s);
  }
  return names;
}

const metricsIn = (expr: string) => [...new Set(expr.match(/\briskgate_[a-z0-9_]+/g) ?? [])];

/** The URL paths the API declares with `app.get('…'` anywhere under src/api. */
function apiGetRoutes(): Set<string> {
  const routes = new Set<string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) {
        for (const m of readFileSync(p, 'utf8').matchAll(/\.get\(\s*'([^']+)'/g)) routes.add(m[1]);
      }
    }
  };
  if (existsSync(join(ROOT, 'src/api'))) walk(join(ROOT, 'src/api'));
  return routes;
}

describe('Prometheus rules and configuration', () => {
  it('promtool check rules accepts alerts.yml', () => {
    const r = promtool(['check', 'rules', join(DEPLOY, 'prometheus/alerts.yml')]);
    if (!r.skipped) expect(r.status, r.output).toBe(0);
  });

  it('promtool test rules passes the unit tests', () => {
    const r = promtool(['test', 'rules', join(DEPLOY, 'prometheus/alerts.test.yml')]);
    if (!r.skipped) expect(r.status, r.output).toBe(0);
  });

  it('promtool check config accepts prometheus.yml', () => {
    const r = promtool(['check', 'config', join(DEPLOY, 'prometheus/prometheus.yml')]);
    if (!r.skipped) expect(r.status, r.output).toBe(0);
  });

  it('has one Prometheus rule per server alert rule, over metrics the server exports', async () => {
    const rules = yamlOf('prometheus/alerts.yml').groups.flatMap((g: Doc) => g.rules);
    expect(rules.map((r: Doc) => r.alert).sort()).toEqual([...ALERT_NAMES].sort());
    const exported = await exportedSeries();
    for (const r of rules) {
      expect(['warning', 'critical']).toContain(r.labels.severity);
      for (const name of metricsIn(r.expr)) expect(exported.has(name), `${r.alert} uses ${name}`).toBe(true);
    }
    const tested = new Set(yamlOf('prometheus/alerts.test.yml').tests.flatMap((t: Doc) => t.alert_rule_test.map((a: Doc) => a.alertname)));
    expect([...tested].sort()).toEqual([...ALERT_NAMES].sort());
  });
});

describe('Grafana dashboard', () => {
  const dash = JSON.parse(read('grafana/riskgate.json'));

  it('is valid JSON with unique panel ids and the required panels', () => {
    const ids = dash.panels.map((p: Doc) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const titles = dash.panels.map((p: Doc) => p.title).join(' | ');
    for (const t of ['Request rate', 'Error rate', 'p95', 'Predictions by version and arm', 'risk distribution', 'drift', 'Rollout weights']) {
      expect(titles.toLowerCase()).toContain(t.toLowerCase());
    }
  });

  it('queries only metrics the server exports', async () => {
    const exported = await exportedSeries();
    const exprs = dash.panels.flatMap((p: Doc) => p.targets.map((t: Doc) => t.expr as string));
    expect(exprs.length).toBeGreaterThan(10);
    for (const e of exprs) {
      const names = metricsIn(e);
      expect(names.length, e).toBeGreaterThan(0);
      for (const name of names) expect(exported.has(name), `${name} in ${e}`).toBe(true);
    }
  });
});

describe('Dockerfile', () => {
  const text = read('Dockerfile');
  const lines = text.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));

  it('is multi-stage, runs as a non-root user, checks /health and starts `serve`', () => {
    expect(lines.filter((l) => /^FROM\s/.test(l)).length).toBeGreaterThanOrEqual(2);
    const users = lines.filter((l) => /^USER\s/.test(l)).map((l) => l.split(/\s+/)[1]);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0']).not.toContain(users[users.length - 1]);
    expect(text).toMatch(/HEALTHCHECK[\s\S]*\/health'/);
    const cmd = JSON.parse(lines.find((l) => l.startsWith('CMD '))!.slice(4));
    expect(cmd).toEqual(['node', 'bin/riskgate.js', 'serve']);
    expect(existsSync(join(ROOT, cmd[1]))).toBe(true);
  });

  it('copies only paths that exist in the repository', () => {
    const copies = lines.filter((l) => /^COPY\s/.test(l) && !l.includes('--from='));
    for (const l of copies) {
      const parts = l.split(/\s+/).slice(1);
      for (const src of parts.slice(0, -1)) expect(existsSync(join(ROOT, src)), src).toBe(true);
    }
  });
});

describe('the start command and the probes exist in the code', () => {
  it('`serve` is a registered CLI command', () => {
    const dir = join(ROOT, 'src/cli/commands');
    const all = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
    expect(all).toMatch(/\.command\(\s*'serve'/);
  });

  it('the API declares /health and /health/ready', () => {
    const routes = apiGetRoutes();
    expect(routes.has('/health')).toBe(true);
    expect(routes.has('/health/ready')).toBe(true);
  });
});

describe('docker-compose.yml', () => {
  const compose = yamlOf('docker-compose.yml');
  const s = compose.services;

  it('runs riskgate, postgres, redis, prometheus and grafana', () => {
    expect(Object.keys(s).sort()).toEqual(['grafana', 'postgres', 'prometheus', 'redis', 'riskgate']);
    expect(existsSync(join(DEPLOY, s.riskgate.build.context, s.riskgate.build.dockerfile))).toBe(true);
    expect(s.riskgate.environment.DATABASE_URL).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
    expect(s.riskgate.environment.REDIS_URL).toMatch(/^redis:\/\/redis:6379/);
    expect(s.riskgate.environment.SECRET_KEY).toMatch(/^\$\{SECRET_KEY:\?/); // no secret in the file
    expect(s.riskgate.depends_on.postgres.condition).toBe('service_healthy');
  });

  it('mounts files that exist, and wires Prometheus to riskgate and Grafana to Prometheus', () => {
    for (const svc of Object.values<Doc>(s)) {
      for (const v of svc.volumes ?? []) {
        const host = String(v).split(':')[0];
        if (host.startsWith('.')) expect(existsSync(join(DEPLOY, host)), host).toBe(true);
      }
    }
    const prom = yamlOf('prometheus/prometheus.yml');
    const mounted = s.prometheus.volumes.map((v: string) => v.split(':'));
    expect(mounted.some(([h, c]: string[]) => h === './prometheus/alerts.yml' && c === '/etc/prometheus/alerts.yml')).toBe(true);
    expect(prom.rule_files).toEqual(['alerts.yml']);
    expect(prom.scrape_configs[0].static_configs[0].targets).toEqual([`riskgate:${s.riskgate.environment.METRICS_PORT}`]);
    const ds = yamlOf('grafana/provisioning/datasources/prometheus.yml').datasources[0];
    expect(ds.url).toBe('http://prometheus:9090');
    const provider = yamlOf('grafana/provisioning/dashboards/riskgate.yml').providers[0];
    expect(s.grafana.volumes).toContain(`./grafana/riskgate.json:${provider.options.path}/riskgate.json:ro`);
  });
});

describe('Kubernetes manifests', () => {
  const files = readdirSync(join(DEPLOY, 'k8s')).filter((f) => f.endsWith('.yaml'));
  const docs: Doc[] = files.flatMap((f) => parseAllDocuments(read(`k8s/${f}`)).map((d) => d.toJS()));
  const byKind = (kind: string) => docs.filter((d) => d.kind === kind);

  it('has a Deployment, Service, HPA, PDB and ConfigMap, and kustomization lists every file', () => {
    for (const k of ['Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'ConfigMap']) expect(byKind(k), k).toHaveLength(1);
    for (const d of docs) expect(d.apiVersion && d.kind && (d.metadata?.name || d.kind === 'Kustomization'), JSON.stringify(d).slice(0, 80)).toBeTruthy();
    const kust = yamlOf('k8s/kustomization.yaml');
    expect([...kust.resources].sort()).toEqual(files.filter((f) => f !== 'kustomization.yaml').sort());
  });

  it('probes /health (liveness) and /health/ready (readiness) on a declared port, runs as non-root', () => {
    const dep = byKind('Deployment')[0];
    const pod = dep.spec.template.spec;
    const c = pod.containers[0];
    expect(c.livenessProbe.httpGet.path).toBe('/health');
    expect(c.readinessProbe.httpGet.path).toBe('/health/ready');
    const ports = c.ports.map((p: Doc) => p.name);
    expect(ports).toContain(c.livenessProbe.httpGet.port);
    expect(ports).toContain(c.readinessProbe.httpGet.port);
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(c.command).toEqual(['node', 'bin/riskgate.js', 'serve']);
    expect(c.resources.limits.memory).toBeTruthy(); // the memory alert needs a limit to measure against
  });

  it('references secrets without holding any values', () => {
    expect(byKind('Secret')).toHaveLength(0);
    const c = byKind('Deployment')[0].spec.template.spec.containers[0];
    const secretRefs = c.env.filter((e: Doc) => e.valueFrom?.secretKeyRef).map((e: Doc) => e.name);
    expect(secretRefs).toEqual(expect.arrayContaining(['DATABASE_URL', 'SECRET_KEY']));
    expect(c.env.every((e: Doc) => e.value === undefined)).toBe(true);
    const cm = byKind('ConfigMap')[0];
    expect(c.envFrom[0].configMapRef.name).toBe(cm.metadata.name);
    expect(Object.keys(cm.data)).not.toContain('SECRET_KEY');
    expect(Object.keys(cm.data)).not.toContain('DATABASE_URL');
  });

  it('selects the Deployment\'s pods from the Service, HPA and PDB', () => {
    const dep = byKind('Deployment')[0];
    const labels = dep.spec.template.metadata.labels;
    expect(byKind('Service')[0].spec.selector).toEqual(labels);
    expect(byKind('PodDisruptionBudget')[0].spec.selector.matchLabels).toEqual(labels);
    const hpa = byKind('HorizontalPodAutoscaler')[0];
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: dep.metadata.name });
    expect(byKind('PodDisruptionBudget')[0].spec.minAvailable).toBeLessThan(hpa.spec.minReplicas);
  });
});

describe('nginx example', () => {
  const conf = read('nginx/riskgate.conf').replace(/#.*$/gm, '');

  it('balances several replicas through one upstream', () => {
    const upstream = /upstream\s+(\w+)\s*\{([^}]*)\}/.exec(conf);
    expect(upstream).not.toBeNull();
    const servers = upstream![2].match(/^\s*server\s+\S+/gm) ?? [];
    expect(servers.length).toBeGreaterThanOrEqual(2);
    expect(conf).toContain(`proxy_pass http://${upstream![1]};`);
    expect(conf.split('{').length).toBe(conf.split('}').length);
  });
});
