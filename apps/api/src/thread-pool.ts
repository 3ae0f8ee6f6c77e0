/**
 * libuv's thread pool for the api: 16 threads unless the operator set UV_THREADPOOL_SIZE. Every upload's spool
 * writes and its fsync run there; with the default 4, four uploads fsyncing at once held back the writes of all
 * the others (and so their sockets). 20 concurrent 50 MB uploads went from 142–172 MB/s (mean 159, 4 runs) to
 * 175–200 MB/s (mean 183, 5 runs) in the ingest benchmark. libuv reads the variable when the pool first starts:
 * this module is the entry's first import, so it runs before anything uses the pool.
 */
process.env.UV_THREADPOOL_SIZE ??= '16';
