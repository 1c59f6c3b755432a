import * as path from 'path';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'worker_threads';
import type { PointerProblem } from './crd-validator';

/** One object for kubernetes-models; `apiVersion: 'ObjectMeta'` validates a bare ObjectMeta. */
export interface CoreRequest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly data: unknown;
}

export interface CoreResult {
  /** False when kubernetes-models has no model for this apiVersion + kind. */
  readonly found: boolean;
  readonly problems: readonly PointerProblem[];
}

interface Bridge {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly signal: Int32Array;
}

// The first request loads kubernetes-models in the worker (~0.3 s); later ones take milliseconds.
const TIMEOUT_MS = 60_000;
const WAITING = 0;
let bridge: Bridge | undefined;

function startBridge(): Bridge {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(path.join(__dirname, 'core-kinds-worker.mjs'), {
    workerData: { port: port2, signal },
    transferList: [port2],
  });
  // Neither keeps the test process alive; afterAll below stops the worker when the test file ends.
  worker.unref();
  port1.unref();
  return { worker, port: port1, signal };
}

// Each Jest test file gets its own module instance, and so its own worker; stop it with the file.
// (Outside Jest, or if first loaded inside a test where hooks are refused, unref() is the fallback.)
if (typeof afterAll === 'function') {
  try {
    afterAll(async () => {
      const running = bridge;
      bridge = undefined;
      if (running) await running.worker.terminate();
    });
  } catch {
    // Hooks cannot be added from inside a running test.
  }
}

function isResponse(value: unknown): value is { results?: CoreResult[]; error?: string } {
  return typeof value === 'object' && value !== null;
}

/**
 * Validates core objects against kubernetes-models, synchronously (the helper API is synchronous).
 * The worker replies on a MessagePort and flips `signal`; `Atomics.wait` blocks until it does.
 */
export function validateCoreObjects(requests: readonly CoreRequest[]): CoreResult[] {
  if (requests.length === 0) return [];
  bridge ??= startBridge();
  Atomics.store(bridge.signal, 0, WAITING);
  // JSON round trip: structured clone would reject class instances, and the API server sees JSON anyway.
  bridge.port.postMessage(JSON.parse(JSON.stringify(requests)));
  if (Atomics.wait(bridge.signal, 0, WAITING, TIMEOUT_MS) === 'timed-out') {
    throw new Error(`kubernetes-models worker did not answer within ${TIMEOUT_MS / 1000} s`);
  }
  const reply = receiveMessageOnPort(bridge.port)?.message;
  if (!isResponse(reply) || reply.error !== undefined || !Array.isArray(reply.results)) {
    throw new Error(`kubernetes-models worker failed: ${isResponse(reply) ? reply.error : 'no reply'}`);
  }
  return reply.results;
}
