// cdktf records where each token was created: a complete stack trace (Error.stackTraceLimit lifted, every frame
// formatted), taken for every intrinsic, lazy value and computed attribute list (cdktf 0.21 lib/tokens/private/
// stack-trace.js, called from intrinsic.js, lazy.js and complex-computed-list.js). It only serves the message of a
// token that later fails to resolve, and the App's `stackTraces: false` does not turn it off (that option covers
// construct metadata). Over the example platform it is about a tenth of the Terraform synth's CPU. cdktf is archived
// (0.21.0 is its last release), so this private module will not move under us.
import * as stackTrace from 'cdktf/lib/tokens/private/stack-trace';

type Capture = typeof stackTrace.captureStackTrace;
const traces = stackTrace as { captureStackTrace: Capture };

/**
 * Runs `synth` with cdktf's token creation traces off, and restores them after, also on error. cdktf's modules call
 * the capture through this module's exports (`(0, stack_trace_1.captureStackTrace)()`), so replacing the export
 * reaches every caller. An unresolvable token still fails, without the trace of where it was created.
 */
export function withoutTokenCreationTraces<T>(synth: () => T): T {
  const capture = traces.captureStackTrace;
  traces.captureStackTrace = () => [];
  try {
    return synth();
  } finally {
    traces.captureStackTrace = capture;
  }
}
