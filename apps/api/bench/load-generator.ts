/**
 * One load measurement in a process of its own (started by `load` in lib.ts): autocannon's warm-up, then the
 * measured run, with the CPU the server (given its pid) and this process used during it. A fresh process per
 * measurement, so the load generator's own state (its JIT, heap and parser shapes after earlier runs of other
 * answers) never weighs on one run more than another. Usage: tsx load-generator.ts '<LoadRequest as JSON>'.
 * Prints one line: the LoadResult as JSON.
 */
import autocannon from 'autocannon';
import type { LoadRequest, LoadResult } from './lib';
import { cpuSecondsOfTree, loadResult } from './lib';

const request = JSON.parse(process.argv[2] ?? '{}') as LoadRequest;
const { url, connections, headers, serverPid } = request;
await autocannon({ url, connections, headers, duration: 2 });
const serverBefore = serverPid ? await cpuSecondsOfTree(serverPid) : 0;
const clientBefore = process.cpuUsage();
const result = await autocannon({ url, connections, headers, duration: request.seconds });
const client = process.cpuUsage(clientBefore);
const serverSeconds = serverPid ? (await cpuSecondsOfTree(serverPid)) - serverBefore : undefined;
const requests = Math.max(1, result.requests.total);
const measured: LoadResult = {
  ...loadResult(result),
  clientCpuUsPerRequest: (client.user + client.system) / requests,
  ...(serverSeconds === undefined ? {} : { serverCpuUsPerRequest: (serverSeconds * 1e6) / requests }),
};
console.log(JSON.stringify(measured));
