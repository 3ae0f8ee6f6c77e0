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

/**
 * The api's old generation may grow to twice what survived the last major GC before the next one (Go's GOGC=100).
 * V8 sizes that step from how cheap marking has been, up to 4×: under the soak's mixed traffic the api's heap
 * swung between ~57 MB live and ~213 MB, one major GC every 40–60 s (each 20–70 ms of CPU), and RSS followed it
 * (200–350 MB). So a process without a leak looked 30 % bigger from one minute to another, and held ~150 MB it did
 * not need. V8 reads the flag at each limit it computes, so setting it at run time takes effect.
 */
const API_HEAP_GROWING_PERCENT = 100;

export function tuneGarbageCollection(options: { boundHeapGrowth?: boolean } = {}): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
  if (options.boundHeapGrowth) setFlagsFromString(`--heap-growing-percent=${API_HEAP_GROWING_PERCENT}`);
}
