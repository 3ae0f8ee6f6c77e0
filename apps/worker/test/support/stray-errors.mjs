// Preloaded (`node --expose-gc --import`) into the built worker by process.test.ts. It starts tfjs's WASM backend
// the way the classifier does, outside the classifier's own guard, so its Node build's process handlers (which
// rethrow every uncaught exception and unhandled rejection) stay installed. On SIGUSR2 it then raises errors
// that belong to no job: a throw from a timer, a rejection nobody handles, and a file handle left to the garbage
// collector (an error since Node 25, a warning before).
import { open } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const tf = await import('@tensorflow/tfjs');
await import('@tensorflow/tfjs-backend-wasm');
if (!(await tf.setBackend('wasm'))) throw new Error('the WASM backend did not start');
console.log(
  JSON.stringify({
    msg: 'stray-errors preload ready',
    handlers: process.listeners('uncaughtException').length,
  }),
);

process.on('SIGUSR2', () => {
  setTimeout(() => {
    throw new Error('stray error from a timer');
  });
  void Promise.reject(new Error('stray rejection'));
  void (async () => {
    await open(fileURLToPath(import.meta.url), 'r');
    setTimeout(() => globalThis.gc?.(), 10);
  })();
});
