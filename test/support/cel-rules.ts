import { celEnv, celFunc, CelScalar, type CelInput, type CelResult, parse, plan } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';

/** The parsed expression tree, as @bufbuild/cel's `parse` returns it. */
type Expr = ReturnType<typeof parse>['expr'];

/** A rule ready to run, or the reason it cannot run here. */
export type CompiledRule =
  | { readonly ok: true; readonly run: (self: CelInput) => CelResult }
  | { readonly ok: false; readonly reason: string };

/**
 * `isURL(string)` of the Kubernetes CEL URL library (k8s.io/apiserver/pkg/cel/library/urls.go) is
 * `url.ParseRequestURI(s) == nil` in Go: an absolute path, or a scheme followed by "/" (not an opaque
 * "mailto:x"), with no control characters. WHATWG URL parsing stands in for Go's host checks.
 */
const isURL = celFunc('isURL', [CelScalar.STRING], CelScalar.BOOL, (text: string) => {
  if ([...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return false;
  if (text.startsWith('/')) return true;
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\//.test(text)) return false;
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
});

// CEL standard library plus the cel-go string extension that Kubernetes enables, and isURL.
const env = celEnv({ funcs: [...strings, isURL] });

// Calls the planner implements itself (operators, macro helpers) rather than as library functions.
const BUILT_IN_CALLS = new Set(['_&&_', '_||_', '_?_:_', '_[_]', '_[?_]', '@not_strictly_false', '!_']);

/** Function names and identifiers used by an expression. */
function scan(expr: Expr | undefined, calls: Set<string>, idents: Set<string>): void {
  const kind = expr?.exprKind;
  if (!kind) return;
  switch (kind.case) {
    case 'identExpr':
      idents.add(kind.value.name);
      break;
    case 'selectExpr':
      scan(kind.value.operand, calls, idents);
      break;
    case 'callExpr':
      calls.add(kind.value.function);
      scan(kind.value.target, calls, idents);
      for (const arg of kind.value.args) scan(arg, calls, idents);
      break;
    case 'listExpr':
      for (const element of kind.value.elements) scan(element, calls, idents);
      break;
    case 'structExpr':
      for (const entry of kind.value.entries) {
        if (entry.keyKind.case === 'mapKey') scan(entry.keyKind.value, calls, idents);
        scan(entry.value, calls, idents);
      }
      break;
    case 'comprehensionExpr': {
      const c = kind.value;
      for (const part of [c.iterRange, c.accuInit, c.loopCondition, c.loopStep, c.result]) scan(part, calls, idents);
      break;
    }
    default:
      break;
  }
}

const compiled = new Map<string, CompiledRule>();

/** Parses and plans a rule once; says why when @bufbuild/cel cannot evaluate it faithfully. */
export function compileRule(rule: string): CompiledRule {
  const cached = compiled.get(rule);
  if (cached) return cached;
  let result: CompiledRule;
  try {
    const parsed = parse(rule);
    const calls = new Set<string>();
    const idents = new Set<string>();
    scan(parsed.expr, calls, idents);
    const missing = [...calls].filter((name) => !BUILT_IN_CALLS.has(name) && env.funcs.find(name) === undefined);
    if (idents.has('oldSelf')) {
      result = { ok: false, reason: 'transition rule: needs oldSelf, the stored object before an update' };
    } else if (missing.length > 0) {
      result = { ok: false, reason: `uses functions @bufbuild/cel lacks: ${missing.sort().join(', ')}` };
    } else {
      const program = plan(env, parsed);
      result = { ok: true, run: (self) => program({ self }) };
    }
  } catch (error) {
    result = { ok: false, reason: `does not parse: ${error instanceof Error ? error.message : String(error)}` };
  }
  compiled.set(rule, result);
  return result;
}
