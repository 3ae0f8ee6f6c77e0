/**
 * V8's allocation-site pretenuring off, called by the api and worker entries before they start serving.
 * Pretenuring moves the objects of an allocation site straight to the old generation once many of them
 * survived a scavenge. Under load, a burst of in-flight requests caught by a scavenge early in the process's life
 * could tip the sites of Node's HTTP objects (requests, responses, header arrays) over: from then on every
 * request's short-lived objects were allocated old, each scavenge promoted megabytes (`promotion_rate=99.8%`,
 * 11–14 ms instead of 0.5 ms) and the old generation was marked every second or two. Whether a process fell into
 * that was decided in its first seconds and lasted its life: a cached gallery 304 cost 80–130 µs of CPU in such
 * a process and 40–50 µs in the others, with a p99 of 16–22 ms against 3–5 ms (BENCHMARKS.md, public delivery).
 * The worker gained too: its CPU per image over bare sharp went from +16 % to +2–5 % (pipeline benchmark). Both
 * make their long-lived data (caches, pools, compiled code) once at start, so they lose nothing that matters.
 * V8 reads the flag at each pretenuring decision, so setting it at run time takes effect (measured, Node 20 and
 * 26).
 */
import { setFlagsFromString } from 'node:v8';

export function tuneGarbageCollection(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
