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
 * `--no-incremental-marking`: a full GC marks the heap in one go instead of in hundreds of small steps spread over
 * the allocations around it. The worker's full GCs come from the pixel buffers sharp hands back (V8 counts them as
 * external memory), about one every three images; marked incrementally, each cost 30–52 ms of steps besides its
 * pause. In one pass of the pipeline benchmark's 56 images, V8's trace of the worker's GC went from 1,624 ms
 * (pauses 662, incremental steps 962) to 806 ms. The price is longer single pauses (up to ~47 ms), which a
 * worker's jobs do not notice; the api, which answers people, keeps incremental marking.
 */
export const WORKER_NODE_FLAGS: readonly string[] = ['--single-threaded-gc', '--no-incremental-marking'];
