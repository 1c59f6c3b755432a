import { Issues } from '../../core/validation';

/** How a request path is matched (Gateway API HTTPRoute `matches[].path.type`). */
export type PathMatchType = 'Exact' | 'PathPrefix' | 'RegularExpression';

export interface PathMatch {
  /** @default 'PathPrefix' */
  readonly type?: PathMatchType;
  /** The path, or a regular expression when `type` is RegularExpression. */
  readonly value: string;
}

/** HTTP methods Gateway API HTTPRoute accepts (HTTPRoute v1 `matches[].method` enum). */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'CONNECT' | 'OPTIONS' | 'TRACE' | 'PATCH';

// Linkerd evaluates RegularExpression matches with Rust's `regex` crate, which, like RE2, has no
// lookaround and no backreferences; JavaScript would accept both, so they are rejected explicitly.
const UNSUPPORTED_REGEX = /\(\?<?[=!]|\\[1-9]/;

export function pathMatchRules(match: PathMatch, issues: Issues): void {
  const type = match.type ?? 'PathPrefix';
  if (type === 'RegularExpression') {
    let compiles = true;
    try {
      new RegExp(match.value);
    } catch {
      compiles = false;
    }
    issues.check(compiles && match.value.length > 0, 'value', match.value, 'must be a regular expression that compiles');
    issues.check(!UNSUPPORTED_REGEX.test(match.value), 'value', match.value, 'must not use lookaround or backreferences: Linkerd matches with an RE2-style engine that has neither');
  } else {
    // Gateway API HTTPRoute v1 CEL rules: Exact and PathPrefix values start with '/' and hold no '//'.
    issues.check(match.value.startsWith('/'), 'value', match.value, `must start with '/' for a ${type} match`);
    issues.check(!match.value.includes('//'), 'value', match.value, `must not contain '//' for a ${type} match`);
  }
}

/** The Gateway API form of a path match. */
export function toGatewayPathMatch(match: PathMatch): { type: PathMatchType; value: string } {
  return { type: match.type ?? 'PathPrefix', value: match.value };
}
