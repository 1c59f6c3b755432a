import { existsSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { Issues } from './validation';
import { textOrder } from './text-order';

/**
 * Replacement guard: catches a change to an attribute that makes Terraform destroy and recreate a resource
 * (ForceNew) before anyone runs a plan against real infrastructure. It compares the synthesized
 * cdk.tf.json of every stack with a committed baseline, attribute by attribute, for the attributes each
 * cloud declares in its own list (lib/terraform/azure/aks-replacement.ts, lib/terraform/gcp/...). Cloud-neutral: it knows
 * Terraform JSON, not providers.
 */

/**
 * When a change to the attribute replaces the resource.
 * - `any-change`: every change, including set <-> unset (most ForceNew fields).
 * - `change-or-removal`: changing or removing a value replaces; setting it where it was unset is in place
 *   (azurerm's `ForceNewIfChange(old != "")`, e.g. network_policy).
 * - `removal`: only a set value becoming unset or zero replaces; setting or changing it is in place (azurerm's
 *   `ForceNewIfChange(old != 0 && new == 0)`, e.g. upgrade_settings.drain_timeout_in_minutes).
 */
export type ReplacementTrigger = 'any-change' | 'change-or-removal' | 'removal';

/**
 * What the change does. `replace` destroys and recreates the resource; `rotate` recreates its nodes under a
 * temporary pool without draining them first (AKS `temporary_name_for_rotation`), which is downtime too;
 * `refused-in-place` is planned as an update that the cloud API refuses, so only a new resource takes the value.
 */
export type ReplacementEffect = 'replace' | 'rotate' | 'refused-in-place';

export interface GuardedAttribute {
  /** Dotted path into the resource's Terraform JSON, through nested blocks: `network_profile.network_data_plane`. */
  readonly path: string;
  /** @default 'any-change' */
  readonly trigger?: ReplacementTrigger;
  /** @default 'replace' */
  readonly effect?: ReplacementEffect;
  /** Where the behaviour is documented, shown in the error. */
  readonly source?: string;
}

/** The attributes of one Terraform resource type whose change recreates the resource. */
export interface ForceNewRule {
  /** Terraform resource type, for example `azurerm_kubernetes_cluster`. */
  readonly resourceType: string;
  readonly attributes: readonly (string | GuardedAttribute)[];
}

/** JSON value of one attribute; `null` when the attribute is not set. */
export type AttributeValue = null | boolean | number | string | AttributeValue[] | { [key: string]: AttributeValue };

/** stack name -> resource address (`type.name`) -> attribute path -> value. */
export type ReplacementFingerprints = Record<string, Record<string, Record<string, AttributeValue>>>;

/** The committed baseline file. */
export interface ReplacementBaseline {
  readonly comment: string;
  readonly stacks: ReplacementFingerprints;
}

/**
 * A replacement the user accepts, as the guard's error prints it. Lives in the environment config
 * (`acknowledgedReplacements`), so the decision is reviewed with the change that causes it. Remove it once the
 * change is applied and the baseline regenerated; an acknowledgement that matches nothing fails the guard,
 * so an old one can never wave through a later change.
 */
export interface AcknowledgedReplacement {
  /** Resource address, `<type>.<name>`, for example `azurerm_kubernetes_cluster.aks_cluster_4C3F1D2A`. */
  readonly resource: string;
  /** Attribute path, for example `network_profile.network_data_plane`. */
  readonly attribute: string;
  /** Why the replacement is fine (a migration plan, a maintenance window); kept for review. */
  readonly reason: string;
}

/** One ForceNew attribute that changed on a resource present in both the baseline and the new synth. */
export interface ReplacementChange {
  readonly stack: string;
  readonly resource: string;
  readonly attribute: string;
  readonly effect: ReplacementEffect;
  readonly before: AttributeValue;
  readonly after: AttributeValue;
  readonly source?: string;
  /** The acknowledgement that accepted it, if any. */
  readonly acknowledgedBy?: AcknowledgedReplacement;
}

export interface ReplacementReport {
  /** Changes nobody acknowledged: each one is an error. */
  readonly violations: readonly ReplacementChange[];
  /** Changes covered by an acknowledgement. */
  readonly acknowledged: readonly ReplacementChange[];
  /** Acknowledgements that matched no change (stale): each one is an error too. */
  readonly unusedAcknowledgements: ReadonlyArray<{ readonly stack: string; readonly acknowledgement: AcknowledgedReplacement }>;
  /** Guarded resources in the baseline that are gone (Terraform destroys them). Informational. */
  readonly removedResources: ReadonlyArray<{ readonly stack: string; readonly resource: string }>;
  /** Stacks with guarded resources but no baseline (a new environment): nothing protects them, so each is an error. */
  readonly missingBaselines: readonly string[];
  readonly ok: boolean;
}

/** Acknowledgements per stack name. */
export type StackAcknowledgements = Readonly<Record<string, readonly AcknowledgedReplacement[]>>;

const normalise = (attribute: string | GuardedAttribute): Required<Omit<GuardedAttribute, 'source'>> & { source?: string } =>
  typeof attribute === 'string' ? { path: attribute, trigger: 'any-change', effect: 'replace' } : { trigger: 'any-change', effect: 'replace', ...attribute };

/** Reads `path` from a resource body. Arrays of blocks are followed element by element. */
export function readAttribute(body: unknown, path: string): AttributeValue {
  const read = (node: unknown, segments: readonly string[]): AttributeValue => {
    if (node === undefined || node === null) return null;
    if (segments.length === 0) return canonical(node);
    if (Array.isArray(node)) return node.map((element) => read(element, segments));
    if (typeof node !== 'object') return null;
    return read((node as Record<string, unknown>)[segments[0]], segments.slice(1));
  };
  return read(body, path.split('.'));
}

/** Same value, keys sorted, so comparison and the baseline file do not depend on key order. */
function canonical(value: unknown): AttributeValue {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object') {
    const out: Record<string, AttributeValue> = {};
    for (const key of Object.keys(value as object).sort()) out[key] = canonical((value as Record<string, unknown>)[key]);
    return out;
  }
  return value as AttributeValue;
}

/** Fingerprints one stack's Terraform JSON: every guarded attribute of every guarded resource. */
export function fingerprintStack(stackJson: unknown, rules: readonly ForceNewRule[]): Record<string, Record<string, AttributeValue>> {
  const resources = ((stackJson as { resource?: Record<string, Record<string, unknown>> })?.resource ?? {});
  const out: Record<string, Record<string, AttributeValue>> = {};
  for (const rule of [...rules].sort((a, b) => textOrder(a.resourceType, b.resourceType))) {
    const byName = resources[rule.resourceType] ?? {};
    for (const name of Object.keys(byName).sort()) {
      const attributes: Record<string, AttributeValue> = {};
      for (const attribute of rule.attributes.map(normalise).sort((a, b) => textOrder(a.path, b.path))) {
        attributes[attribute.path] = readAttribute(byName[name], attribute.path);
      }
      out[`${rule.resourceType}.${name}`] = attributes;
    }
  }
  return out;
}

/** Fingerprints every `stacks/<stack>/cdk.tf.json` under a cdktf outdir. */
export function fingerprintOutdir(outdir: string, rules: readonly ForceNewRule[]): ReplacementFingerprints {
  const stacksDir = join(outdir, 'stacks');
  const out: ReplacementFingerprints = {};
  for (const stack of readdirSync(stacksDir).sort()) {
    const file = join(stacksDir, stack, 'cdk.tf.json');
    if (existsSync(file)) out[stack] = fingerprintStack(JSON.parse(readFileSync(file, 'utf8')), rules);
  }
  return out;
}

const same = (a: AttributeValue, b: AttributeValue): boolean => JSON.stringify(a) === JSON.stringify(b);
/** Set, for the `removal` trigger: Terraform reads an unset number as 0. */
const isSet = (value: AttributeValue): boolean => value !== null && value !== 0;

/**
 * Compares new fingerprints with the baseline. Only resources present in both count: new resources are fine, and a
 * removed resource is reported but not an error (removing a retired pool is the last step of a rotation). A stack
 * with guarded resources and no baseline at all fails: until a baseline exists, a change to its clusters would pass.
 */
export function checkReplacements(
  baseline: ReplacementFingerprints,
  current: ReplacementFingerprints,
  rules: readonly ForceNewRule[],
  acknowledgements: StackAcknowledgements = {},
): ReplacementReport {
  const attributeRules = new Map<string, ReturnType<typeof normalise>>();
  for (const rule of rules) for (const a of rule.attributes.map(normalise)) attributeRules.set(`${rule.resourceType} ${a.path}`, a);

  const violations: ReplacementChange[] = [];
  const acknowledged: ReplacementChange[] = [];
  const used = new Set<AcknowledgedReplacement>();
  const removedResources: Array<{ stack: string; resource: string }> = [];

  for (const stack of Object.keys(baseline).sort()) {
    const now = current[stack];
    if (now === undefined) continue;
    for (const resource of Object.keys(baseline[stack]).sort()) {
      const after = now[resource];
      if (after === undefined) {
        removedResources.push({ stack, resource });
        continue;
      }
      const type = resource.slice(0, resource.indexOf('.'));
      for (const [path, before] of Object.entries(baseline[stack][resource])) {
        const rule = attributeRules.get(`${type} ${path}`);
        if (rule === undefined || !(path in after)) continue;
        const value = after[path];
        if (same(before, value)) continue;
        if (rule.trigger === 'change-or-removal' && before === null) continue;
        if (rule.trigger === 'removal' && !(isSet(before) && !isSet(value))) continue;
        const ack = (acknowledgements[stack] ?? []).find((a) => a.resource === resource && a.attribute === path);
        const change: ReplacementChange = { stack, resource, attribute: path, effect: rule.effect, before, after: value, source: rule.source, acknowledgedBy: ack };
        if (ack) {
          used.add(ack);
          acknowledged.push(change);
        } else {
          violations.push(change);
        }
      }
    }
  }
  // One acknowledgement may be offered to several stacks of its environment; it is stale only if none used it.
  const unusedAcknowledgements: Array<{ stack: string; acknowledgement: AcknowledgedReplacement }> = [];
  const reported = new Set<AcknowledgedReplacement>();
  for (const stack of Object.keys(acknowledgements).sort()) {
    for (const acknowledgement of acknowledgements[stack]) {
      if (used.has(acknowledgement) || reported.has(acknowledgement)) continue;
      reported.add(acknowledgement);
      unusedAcknowledgements.push({ stack, acknowledgement });
    }
  }
  const missingBaselines = Object.keys(current).sort().filter((stack) => baseline[stack] === undefined && Object.keys(current[stack]).length > 0);
  return {
    violations, acknowledged, unusedAcknowledgements, removedResources, missingBaselines,
    ok: violations.length === 0 && unusedAcknowledgements.length === 0 && missingBaselines.length === 0,
  };
}

/** One line per problem, each saying what to do about it; `regenerateCommand` writes the baseline. */
export function formatReplacementReport(report: ReplacementReport, regenerateCommand = 'the command in the baseline file\'s comment'): string {
  const lines: string[] = [];
  for (const stack of report.missingBaselines) {
    lines.push(`${stack}: no replacement baseline, so nothing guards its clusters and pools against replacement; once its config is what you mean to apply, run \`${regenerateCommand}\` and commit the baseline.`);
  }
  for (const v of report.violations) {
    const what = {
      'replace': 'Terraform destroys and recreates the resource',
      'rotate': 'AKS recreates the pool\'s nodes without draining them',
      'refused-in-place': `Terraform plans an update the API refuses; only a new resource takes it (terraform apply -replace=${v.resource})`,
    }[v.effect];
    lines.push(
      `${v.stack}: ${v.resource} attribute ${v.attribute} changed from ${JSON.stringify(v.before)} to ${JSON.stringify(v.after)}: ${what}` +
        `${v.source ? ` (${v.source})` : ''}. If intended, add { resource: '${v.resource}', attribute: '${v.attribute}', reason: '...' } ` +
        'to acknowledgedReplacements of the environment; otherwise revert the input.',
    );
  }
  for (const u of report.unusedAcknowledgements) {
    lines.push(`${u.stack}: acknowledgement of ${u.acknowledgement.resource} ${u.acknowledgement.attribute} matches no change; remove it (the baseline already has the new value, or the change is gone).`);
  }
  return lines.join('\n');
}

/** Groups per-environment acknowledgements by the stacks of that environment (`<env>-azure`, `<env>-gcp`, ...). */
export function acknowledgementsByStack(
  environments: ReadonlyArray<{ readonly name: string; readonly acknowledgedReplacements?: readonly AcknowledgedReplacement[] }>,
  stacks: readonly string[],
): StackAcknowledgements {
  const out: Record<string, AcknowledgedReplacement[]> = {};
  for (const env of environments) {
    const own = stacks.filter((s) => s.startsWith(`${env.name}-`));
    // The same object goes to each of the environment's stacks; a resource address is unique within a stack.
    for (const ack of env.acknowledgedReplacements ?? []) for (const stack of own) (out[stack] ??= []).push(ack);
  }
  return out;
}

/** Reads the committed baseline; an absent file is an empty baseline (everything is new). */
export function readReplacementBaseline(file: string): ReplacementFingerprints {
  if (!existsSync(file)) return {};
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as ReplacementBaseline;
  return parsed.stacks ?? {};
}

/** Writes the baseline with sorted keys and a trailing newline, so regenerating it gives a clean diff. */
export function writeReplacementBaseline(file: string, fingerprints: ReplacementFingerprints, regenerateCommand: string): void {
  const baseline: ReplacementBaseline = {
    comment: `ForceNew attributes of the example stacks, compared by the replacement guard. Regenerate after an intended, applied change: ${regenerateCommand}`,
    stacks: canonical(fingerprints) as ReplacementFingerprints,
  };
  writeFileSync(file, `${JSON.stringify(baseline, null, 2)}\n`);
}

/** Checks the acknowledgement list in an environment config. */
export function acknowledgedReplacementRules(acks: readonly AcknowledgedReplacement[], issues: Issues): void {
  acks.forEach((ack, i) => {
    const at = issues.at(i);
    at.check(/^[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+$/.test(ack.resource), 'resource', ack.resource, 'must be a Terraform resource address <type>.<name>, as the replacement guard prints it');
    at.check(/^[a-z0-9_]+(\.[a-z0-9_]+)*$/.test(ack.attribute), 'attribute', ack.attribute, 'must be a dotted attribute path such as network_profile.network_data_plane');
    at.check(ack.reason.trim().length >= 10, 'reason', ack.reason, 'must say why the replacement is acceptable (at least 10 characters), for review');
    const first = acks.findIndex((a) => a.resource === ack.resource && a.attribute === ack.attribute);
    at.check(first === i, 'attribute', ack.attribute, `repeats acknowledgement [${first}] for the same resource and attribute`);
  });
}
