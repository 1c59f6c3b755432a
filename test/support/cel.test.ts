import { Testing } from 'cdk8s';
import { HttpRoute, HttpRouteSpecRulesMatchesPathType } from '../../imports/gateway-httproute-gateway.networking.k8s.io';
import { PodMonitoring } from '../../imports/gmp-podmonitoring-monitoring.googleapis.com';
import { celCoverage, celProblems } from './cel';
import { escapeCelProperty } from './cel-values';
import { schemaProblems } from './k8s-schema';

type Manifest = Record<string, unknown>;

/** A Gateway API HTTPRoute, built with the generated class. */
function httpRoute(pathValue: string, extraRule: Manifest = {}): Manifest {
  const chart = Testing.chart();
  new HttpRoute(chart, 'route', {
    metadata: { name: 'model-server', namespace: 'mlops' },
    spec: {
      parentRefs: [{ group: 'core', kind: 'Service', name: 'model-server', port: 80 }],
      rules: [
        {
          matches: [{ path: { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: pathValue } }],
          backendRefs: [
            { name: 'model-server-v1', port: 8080, weight: 90 },
            { name: 'model-server-v2', port: 8080, weight: 10 },
          ],
        },
      ],
    },
  });
  const [route] = Testing.synth(chart);
  const spec = route.spec as { rules: Manifest[] };
  spec.rules[0] = { ...spec.rules[0], ...extraRule };
  return route;
}

function podMonitoring(endpoint: Manifest): Manifest {
  const chart = Testing.chart();
  new PodMonitoring(chart, 'pm', {
    metadata: { name: 'model-server', namespace: 'mlops' },
    spec: { selector: { matchLabels: { app: 'model-server' } }, endpoints: [{ port: 'metrics' as never, interval: '30s' }] },
  });
  const [pm] = Testing.synth(chart);
  const spec = pm.spec as { endpoints: Manifest[] };
  spec.endpoints[0] = { ...spec.endpoints[0], ...endpoint };
  return pm;
}

describe('celProblems', () => {
  test('a valid HTTPRoute passes both the schema and its CEL rules', () => {
    const route = httpRoute('/v1/models');
    expect(schemaProblems([route])).toEqual([]);
    expect(celProblems([route])).toEqual([]);
  });

  test('a PathPrefix value that is not an absolute path fails the path rules', () => {
    expect(celProblems([httpRoute('v1//models')])).toEqual([
      { object: 'HTTPRoute mlops/model-server', path: 'spec.rules[0].matches[0].path', message: "value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']" },
      { object: 'HTTPRoute mlops/model-server', path: 'spec.rules[0].matches[0].path', message: "must not contain '//' when type one of ['Exact', 'PathPrefix']" },
    ]);
  });

  test('a RequestRedirect filter together with backendRefs fails the rule-level rule', () => {
    const route = httpRoute('/', { filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https' } }] });
    expect(schemaProblems([route])).toEqual([]);
    expect(celProblems([route]).map((p) => `${p.path}: ${p.message}`)).toEqual(['spec.rules[0]: RequestRedirect filter must not be used together with backendRefs']);
  });

  test('defaults are applied first: a rule reading a defaulted field (matches, group) sees it', () => {
    const route = httpRoute('/');
    const rule = (route.spec as { rules: Manifest[] }).rules[0];
    delete rule.matches; // defaults to [{ path: { type: PathPrefix, value: '/' } }]
    rule.backendRefs = [{ name: 'model-server', kind: 'Service' }]; // group defaults to "", so port is required
    expect(celProblems([route])).toEqual([
      { object: 'HTTPRoute mlops/model-server', path: 'spec.rules[0].backendRefs[0]', message: 'Must have port for Service reference' },
    ]);
  });

  test('escaped property names: two parentRefs to one parent in different namespaces are fine, in the same one need sectionName', () => {
    const route = httpRoute('/');
    const spec = route.spec as Manifest;
    spec.parentRefs = [
      { group: 'core', kind: 'Service', name: 'gw', namespace: 'a' },
      { group: 'core', kind: 'Service', name: 'gw', namespace: 'b' },
    ];
    expect(celProblems([route])).toEqual([]);
    spec.parentRefs = [
      { group: 'core', kind: 'Service', name: 'gw', namespace: 'a' },
      { group: 'core', kind: 'Service', name: 'gw', namespace: 'a' },
    ];
    expect(celProblems([route]).map((p) => p.message)).toEqual([
      'sectionName must be unique when parentRefs includes 2 or more references to the same parent',
    ]);
    spec.parentRefs = [
      { group: 'core', kind: 'Service', name: 'gw', namespace: 'a', sectionName: 'http' },
      { group: 'core', kind: 'Service', name: 'gw', namespace: 'a' },
    ];
    expect(celProblems([route]).map((p) => p.message)).toEqual([
      'sectionName must be specified when parentRefs includes 2 or more references to the same parent',
    ]);
  });

  test('format: duration fields are CEL durations (30s < 1m), and messageExpression is used', () => {
    expect(celProblems([podMonitoring({ interval: '1m', timeout: '30s' })])).toEqual([]);
    // As strings "1m" <= "30s" would hold; as durations it does not.
    expect(celProblems([podMonitoring({ interval: '30s', timeout: '1m' })])).toEqual([
      { object: 'PodMonitoring mlops/model-server', path: 'spec.endpoints[0]', message: 'scrape timeout (60s) must not be greater than scrape interval (30s)' },
    ]);
  });

  test('isURL (Kubernetes URL library) is available', () => {
    expect(celProblems([podMonitoring({ proxyUrl: 'http://proxy.mlops:3128' })])).toEqual([]);
    expect(celProblems([podMonitoring({ proxyUrl: 'proxy.mlops:3128' })]).map((p) => p.path)).toEqual(['spec.endpoints[0].proxyUrl']);
  });

  test('the Flagger Canary rule (mirror backendRef to a Service needs a port)', () => {
    const canary = (backendRef: Manifest): Manifest => ({
      apiVersion: 'flagger.app/v1beta1',
      kind: 'Canary',
      metadata: { name: 'model-server', namespace: 'mlops' },
      spec: {
        targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'model-server' },
        service: { port: 80, mirror: [{ backendRef }] },
        analysis: { interval: '1m', threshold: 5, maxWeight: 50, stepWeight: 10 },
      },
    });
    const ok = canary({ name: 'shadow', kind: 'Service', port: 80 });
    expect(schemaProblems([ok])).toEqual([]);
    expect(celProblems([ok])).toEqual([]);
    expect(celProblems([canary({ name: 'shadow', kind: 'Service' })])).toEqual([
      { object: 'Canary mlops/model-server', path: 'spec.service.mirror[0].backendRef', message: 'Must have port for Service reference' },
    ]);
  });

  test('objects without CEL rules or without a CRD are ignored', () => {
    expect(celProblems([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'mlops' } }, { apiVersion: 'example.com/v1', kind: 'Widget' }])).toEqual([]);
  });
});

describe('escapeCelProperty (k8s.io/apiserver/pkg/cel/escaping.go)', () => {
  test.each([
    ['namespace', '__namespace__'],
    ['foo.bar', 'foo__dot__bar'],
    ['x-y/z', 'x__dash__y__slash__z'],
    ['a__b', 'a__underscores__b'],
    ['camelCase', 'camelCase'],
  ])('%s -> %s', (name, escaped) => expect(escapeCelProperty(name)).toBe(escaped));

  test('names CEL cannot address', () => {
    expect(escapeCelProperty('1abc')).toBeUndefined();
    expect(escapeCelProperty('a b')).toBeUndefined();
  });
});

describe('celCoverage', () => {
  test('every rule in the CRD folder is evaluated except the oldSelf transition rules', () => {
    const { evaluated, skipped } = celCoverage();
    // 272 rules in all served versions (../shared/crds/README*.md); JobSet has 6 `self == oldSelf`.
    expect(evaluated + skipped.length).toBe(272);
    expect(skipped).toHaveLength(6);
    for (const s of skipped) {
      expect(s.rule).toBe('self == oldSelf');
      expect(s.reason).toMatch(/^transition rule: needs oldSelf.*jobsets\.jobset\.x-k8s\.io v1alpha2/);
    }
  });
});
