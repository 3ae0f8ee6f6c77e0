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
 */
export const WORKER_NODE_FLAGS: readonly string[] = ['--single-threaded-gc'];
