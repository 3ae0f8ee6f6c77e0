/**
 * The Node flags every launcher gives a worker process: its supervisor (dist/cluster.js, `pnpm start`), PM2's
 * ecosystem file, the tests' and the benchmarks' spawns.
 *
 * `--single-threaded-gc`: V8 does its GC work (scavenges, marking, sweeping) on the main thread instead of on
 * background threads. libvips keeps every core busy while the worker runs, so those threads only took turns with
 * it; done on the main thread, between two sharp calls, the same work cost less CPU in all (BENCHMARKS.md,
 * pipeline, twelfth session). The api keeps its background GC: it shortens the api's pauses. The flag works only
 * on the command line: NODE_OPTIONS refuses it, and V8 aborts when its background marking is switched off at run
 * time.
 *
 * Not `--no-incremental-marking` (thirteenth to fifteenth sessions): marking each full GC in one go halved the
 * worker's GC time in the pipeline benchmark (1,624 → 806 ms per pass of 56 images), but it let the heap grow much
 * further between full GCs. Under the 10-minute soak's mixed traffic (JS that allocates slowly between images) the
 * worker's full GCs then came every 140–380 s instead of every 75–90 s, the heap peaked at ~100 MB instead of ~75
 * over the same ~43 MB floor, and the heap V8 kept committed grew 91 → 126 MB: worker RSS +14 % and +32 % in two
 * soaks, against the issue's 10 % bound, +2.5 % without the flag (BENCHMARKS.md, pipeline, fifteenth session).
 */
export const WORKER_NODE_FLAGS: readonly string[] = ['--single-threaded-gc'];
