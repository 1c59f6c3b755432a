// A model of Flagger v1.44.0's canary scheduler (progressive traffic, stepWeights) run over an emitted Canary, its
// MetricTemplates and its webhooks' commands, one analysis interval at a time. It says which outcome a version's
// metric levels lead to, from the config alone. Upstream (fluxcd/flagger, tag v1.44.0):
// - pkg/controller/scheduler.go advanceCanary: rollback webhooks first (phases Progressing, Waiting,
//   WaitingPromotion); Promoting shifts all traffic to the primary, then Finalising, then Succeeded; rollback once
//   FailedChecks >= threshold (Progressing, WaitingPromotion); no analysis while the canary has no traffic yet;
//   a failed analysis adds one FailedCheck and does not advance; FailedChecks is reset only by a new revision;
// - maxWeight = the last stepWeight; runCanary advances to the next step, and at maxWeight runs the
//   confirm-promotion webhooks (scheduler_hooks.go: a failure sets WaitingPromotion and retries next interval);
// - pkg/metrics/providers/prometheus.go: no value (or NaN) is an error, so a window without data fails its check;
// - canary.go GetAnalysisThreshold: threshold defaults to 1.
// The webhooks' bash commands are read for the bounds they enforce; the tests check that those bounds are where the
// commands compare them.

/** What the canary's pods showed during one analysis window. */
export interface WindowSignals {
  readonly errorRatePercent: number;
  readonly p99Ms: number;
  readonly accuracy: number;
}

/** The candidate's signals in analysis interval `i` (1-based), or 'no-data' (Prometheus lost the window). */
export type Behaviour = (interval: number) => WindowSignals | 'no-data';

export type Signal = keyof WindowSignals;

export interface CanaryOutcome {
  readonly phase: 'Succeeded' | 'Failed' | 'WaitingPromotion' | 'Progressing';
  /** Why it failed: `rollback webhook` or `failed checks`. */
  readonly reason?: string;
  /** The highest share of traffic the candidate got before the outcome. */
  readonly maxCanaryWeight: number;
  readonly intervals: number;
  readonly trace: readonly string[];
}

interface Bounds { readonly errorRatePercent: number; readonly p99Ms: number; readonly accuracy: number }

/** The bounds the confirm-promotion command's jq test enforces: errors <= e, p99 <= l, accuracy >= a. */
export function promotionGateBounds(cmd: string): Bounds {
  const m = /'\$e <= ([\d.]+) and \$l <= ([\d.]+) and \$a >= ([\d.]+)'/.exec(cmd);
  if (!m) throw new Error(`confirm-promotion command without the promotion test: ${cmd}`);
  return { errorRatePercent: Number(m[1]), p99Ms: Number(m[2]), accuracy: Number(m[3]) };
}

/** The rollback command's bounds (a window misses when any is crossed) and how many windows in a row it needs. */
export function promotionRollbackRule(cmd: string): Bounds & { readonly windows: number; readonly windowMinutes: number } {
  const bounds = /> bool ([\d.]+)\) \+ \(.*\) > bool ([\d.]+)\) \+ \(.*\) < bool ([\d.]+)\)/.exec(cmd);
  const range = /count_over_time\(.*\[(\d+)m:(\d+)m\]\) >= (\d+) and min_over_time\(.*\[(\d+)m:(\d+)m\]\) >= 1/.exec(cmd);
  if (!bounds || !range) throw new Error(`rollback command without the promotion-tier rule: ${cmd}`);
  const windows = Number(range[3]);
  if (Number(range[1]) !== windows * Number(range[2]) || range[1] !== range[4] || range[2] !== range[5]) throw new Error(`rollback command: the range is not ${windows} windows: ${cmd}`);
  return { errorRatePercent: Number(bounds[1]), p99Ms: Number(bounds[2]), accuracy: Number(bounds[3]), windows, windowMinutes: Number(range[2]) };
}

/** Which signal a MetricTemplate's query measures. */
export function templateSignal(query: string): Signal {
  if (query.includes('classification="failure"')) return 'errorRatePercent';
  if (query.startsWith('histogram_quantile(0.99,')) return 'p99Ms';
  if (query.includes('model_prediction_accuracy')) return 'accuracy';
  throw new Error(`unknown canary metric query: ${query}`);
}

function missesPromotion(w: WindowSignals, b: Bounds): boolean {
  return w.errorRatePercent > b.errorRatePercent || w.p99Ms > b.p99Ms || w.accuracy < b.accuracy;
}

/** Runs the Canary through one rollout of a new revision. `templates` are the MetricTemplates of its namespace. */
export function runCanaryModel(canary: any, templates: readonly any[], behaviour: Behaviour, maxIntervals = 48): CanaryOutcome {
  const analysis = canary.spec.analysis;
  const steps: number[] = analysis.stepWeights;
  const maxWeight = Math.min(100, steps[steps.length - 1]);
  const threshold: number = analysis.threshold ?? 1;
  const metrics = (analysis.metrics as any[]).map((m) => {
    const template = templates.find((t) => t.metadata.name === m.templateRef.name && t.metadata.namespace === (m.templateRef.namespace ?? canary.metadata.namespace));
    if (!template) throw new Error(`metric ${m.name}: no MetricTemplate ${m.templateRef.name}`);
    return { name: m.name as string, signal: templateSignal(template.spec.query), min: m.thresholdRange?.min as number | undefined, max: m.thresholdRange?.max as number | undefined };
  });
  const hooks = analysis.webhooks as any[];
  const gates = hooks.filter((h) => h.type === 'confirm-promotion').map((h) => promotionGateBounds(h.metadata.cmd));
  const rollbacks = hooks.filter((h) => h.type === 'rollback').map((h) => promotionRollbackRule(h.metadata.cmd));

  let phase: CanaryOutcome['phase'] | 'Promoting' | 'Finalising' = 'Progressing';
  let weight = 0;
  let failedChecks = 0;
  let maxCanaryWeight = 0;
  const history: (WindowSignals | 'no-data')[] = [];
  const trace: string[] = [];
  for (let i = 1; i <= maxIntervals; i++) {
    const window = weight > 0 ? behaviour(i) : 'no-data';
    history.push(window);
    const fail = (reason: string): CanaryOutcome => ({ phase: 'Failed', reason, maxCanaryWeight, intervals: i, trace: [...trace, `${i}: rolled back (${reason})`] });

    if (phase === 'Progressing' || phase === 'WaitingPromotion') {
      const fires = rollbacks.some((r) => {
        const last = history.slice(-r.windows);
        return last.length === r.windows && last.every((w) => w !== 'no-data' && missesPromotion(w, r));
      });
      if (fires) return fail('rollback webhook');
    }
    if (phase === 'Promoting') {
      weight = 0;
      phase = 'Finalising';
      trace.push(`${i}: promoted, all traffic to the primary`);
      continue;
    }
    if (phase === 'Finalising') return { phase: 'Succeeded', maxCanaryWeight, intervals: i, trace: [...trace, `${i}: succeeded`] };
    if (failedChecks >= threshold) return fail('failed checks');

    if (weight > 0) {
      const failed = window === 'no-data'
        ? metrics.map((m) => m.name)
        : metrics.filter((m) => (m.min !== undefined && window[m.signal] < m.min) || (m.max !== undefined && window[m.signal] > m.max)).map((m) => m.name);
      if (failed.length > 0) {
        failedChecks += 1;
        trace.push(`${i}: at ${weight}%, failed check ${failedChecks}/${threshold} (${failed.join(', ')})`);
        continue;
      }
    }
    if (weight < maxWeight) {
      const next = steps.find((s) => s > weight) ?? maxWeight;
      weight = Math.min(next, maxWeight);
      maxCanaryWeight = Math.max(maxCanaryWeight, weight);
      trace.push(`${i}: advance to ${weight}%`);
      continue;
    }
    const promote = window !== 'no-data' && gates.every((g) => !missesPromotion(window, g));
    if (promote) {
      phase = 'Promoting';
      trace.push(`${i}: promotion gate passed at ${weight}%`);
    } else {
      phase = 'WaitingPromotion';
      trace.push(`${i}: waiting for promotion at ${weight}%`);
    }
  }
  return { phase: phase === 'Promoting' || phase === 'Finalising' ? 'Progressing' : phase, maxCanaryWeight, intervals: maxIntervals, trace };
}
