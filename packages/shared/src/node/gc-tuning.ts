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
 * The old generation may grow to `1 + percent/100` times what survived the last major GC before the next one
 * (Go's GOGC): the flag fixes V8's growing factor, which V8 otherwise picks from how cheap marking has been
 * against how fast the process allocates, between 1.1 and 4. Each process sat at one end:
 * - api (100, twice the live heap), near 4 by itself: under the soak's mixed traffic its heap swung between ~57 MB
 *   live and ~213 MB, one major GC every 40–60 s (each 20–70 ms of CPU), and RSS followed it (200–350 MB). So a
 *   process without a leak looked 30 % bigger from one minute to another, and held ~150 MB it did not need.
 * - worker (100 as well), near 1.1 by itself: between images its JS allocates little (libvips' pixels live outside
 *   the heap), so V8 marked its ~34 MB of live heap again after every 3–4 MB of growth: 204 major GCs in a
 *   pipeline benchmark run, 58 at twice. V8 also counts the external memory allocated since the last major GC
 *   (sharp's output buffers, ~15 MB per 12 MP photo, freed only by a major GC) against the same limit, so a major
 *   GC still comes every 2–3 images. Four times made that every 6–7 (main-thread GC per image 11.7 → 5.1 ms), but
 *   in the 10-minute soak, with edits and nsfwjs in the mix, the worker's heap then went 78 → 120 MB and its RSS
 *   +23.8 % against the 10 % bound, so it stays at twice (BENCHMARKS.md, pipeline, eleventh session).
 * V8 reads the flag at each limit it computes, so setting it at run time takes effect.
 */
const HEAP_GROWING_PERCENT = 100;

export function tuneGarbageCollection(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
