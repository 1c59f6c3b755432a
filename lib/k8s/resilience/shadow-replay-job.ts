import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Issues } from '../../core/validation';
import { checkDnsLabel } from '../../contract/kubernetes-names';
import { BATCH_TTL_SECONDS_AFTER_FINISHED, batchPodTemplate } from '../core/batch-pod-template';
import { PortlessWorkload } from '../core/portless-workload';
import { PodIdentity } from '../identity/pod-identity';
import { checkPinnedImage } from '../serving/image';
import { resourceRules, ResourceSpec } from '../../contract/quantities';

export interface ShadowReplayJobProps {
  /** Job and ServiceAccount name. */
  readonly name: string;
  /** @default 'mlops' */
  readonly namespace?: string;
  /**
   * The candidate's own Service, which user traffic never reaches: with Flagger, `<server>-canary` (Flagger points it
   * at the canary pods only); without, a version Service such as `<server>-v2`.
   */
  readonly candidateService: string;
  /** Port of the candidate Service. */
  readonly candidatePort: number;
  /** Where the recorded requests are (e.g. `gs://bucket/requests/2026-08-01/`, `https://acct.blob.core.windows.net/...`). */
  readonly recordedRequestsUri: string;
  /** Pinned replay image: reads REQUESTS_URI, sends each request to TARGET_URL at RATE_PER_SECOND, writes a report. */
  readonly image: string;
  /** Requests per second sent to the candidate. @default 20 */
  readonly ratePerSecond?: number;
  /** Cloud identity that can read `recordedRequestsUri`. @default none */
  readonly identity?: PodIdentity;
  /** @default requests 100m / 128Mi, limits 500m / 512Mi */
  readonly resources?: ResourceSpec;
  /** The replay is stopped after this many seconds. @default 3600 */
  readonly activeDeadlineSeconds?: number;
}

const DEFAULT_RESOURCES: ResourceSpec = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } };

export function shadowReplayJobRules(props: ShadowReplayJobProps, issues: Issues): void {
  checkDnsLabel(issues, 'name', props.name);
  checkDnsLabel(issues, 'namespace', props.namespace ?? 'mlops');
  checkDnsLabel(issues, 'candidateService', props.candidateService);
  issues.check(Number.isInteger(props.candidatePort) && props.candidatePort >= 1 && props.candidatePort <= 65535, 'candidatePort', props.candidatePort, 'must be a TCP port 1-65535');
  issues.check(/^(gs|https|s3|abfss?):\/\/\S+$/.test(props.recordedRequestsUri), 'recordedRequestsUri', props.recordedRequestsUri, 'must be an object-store URI (gs://, https://, s3:// or abfs[s]://)');
  checkPinnedImage(issues, 'image', props.image);
  const rate = props.ratePerSecond ?? 20;
  issues.check(Number.isFinite(rate) && rate > 0 && rate <= 10_000, 'ratePerSecond', rate, 'must be above 0 and at most 10000 requests per second');
  const deadline = props.activeDeadlineSeconds ?? 3600;
  issues.check(Number.isInteger(deadline) && deadline >= 60, 'activeDeadlineSeconds', deadline, 'must be a whole number of seconds >= 60');
  resourceRules(props.resources ?? DEFAULT_RESOURCES, issues.at('resources'));
}

/**
 * Shadow testing without mirroring. Linkerd 2.20 cannot mirror (see mirroring-guard.ts), so recorded production
 * requests are replayed against the candidate's own Service by a meshed Job. The candidate's Linkerd proxy records
 * the replay like any traffic (response_total, response_latency_ms by deployment and model_version, with the replay's
 * identity as client), and the model server its accuracy, so the same dashboards and quality queries judge it.
 *
 * Trade-off against live mirroring: no user is ever affected and the load is chosen, but the traffic is as old as the
 * recording (no new input patterns, no live feature values), and it is not continuous. Grant the path with
 * `server.allowFrom(replayJob, '<port name>')`.
 */
export class ShadowReplayJob extends PortlessWorkload {
  constructor(scope: Construct, id: string, props: ShadowReplayJobProps) {
    super(scope, id, 'shadow-replay', props, (issues) => shadowReplayJobRules(props, issues));
    const { labels, identity } = this;

    new k8s.KubeJob(this, 'job', {
      metadata: { name: props.name, namespace: this.namespace, labels },
      spec: {
        backoffLimit: 0,
        activeDeadlineSeconds: props.activeDeadlineSeconds ?? 3600,
        ttlSecondsAfterFinished: BATCH_TTL_SECONDS_AFTER_FINISHED,
        template: batchPodTemplate({
          labels,
          serviceAccountName: this.serviceAccountName,
          identity,
          scratchSizeLimit: '1Gi',
          container: {
            name: 'replay',
            image: props.image,
            env: [
              // Plain HTTP to the Service: the client proxy upgrades it to mTLS.
              { name: 'TARGET_URL', value: `http://${props.candidateService}.${this.namespace}.svc.cluster.local:${props.candidatePort}` },
              { name: 'REQUESTS_URI', value: props.recordedRequestsUri },
              { name: 'RATE_PER_SECOND', value: String(props.ratePerSecond ?? 20) },
            ],
            resources: props.resources ?? DEFAULT_RESOURCES,
          },
        }),
      },
    });
  }
}
