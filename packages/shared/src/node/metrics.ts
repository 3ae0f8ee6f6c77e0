/**
 * Prometheus metrics, for both apps: the process's default Node metrics, who may scrape, and the exposition.
 * Each app keeps its own metrics in a registry of its own per server/worker object (tests start many in one
 * process; prom-client's global registry would refuse the second registration). The default Node metrics
 * describe the process, so they live once per process in a registry of their own and are appended to every
 * scrape.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { collectDefaultMetrics, Registry } from 'prom-client';

/** The prefix of every metric the apps define (the default Node metrics keep their standard names). */
export const METRICS_PREFIX = 'phoenix4ge_';

let processRegistry: Registry | undefined;

/** The default Node metrics (CPU, memory, event loop lag, GC, handles), collected once per process. */
function defaultMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** A new registry for one app object's own metrics. */
export function createMetricsRegistry(): Registry {
  return new Registry();
}

/** The text a scrape answers: the process's default metrics, then the app's own. */
export async function exposition(registry: Registry): Promise<{ contentType: string; body: string }> {
  const [process, own] = await Promise.all([defaultMetrics().metrics(), registry.metrics()]);
  return { contentType: registry.contentType, body: `${process}\n${own}` };
}

const privateNetworks = new BlockList();
privateNetworks.addSubnet('127.0.0.0', 8, 'ipv4');
privateNetworks.addSubnet('10.0.0.0', 8, 'ipv4');
privateNetworks.addSubnet('172.16.0.0', 12, 'ipv4');
privateNetworks.addSubnet('192.168.0.0', 16, 'ipv4');
privateNetworks.addSubnet('169.254.0.0', 16, 'ipv4');
privateNetworks.addAddress('::1', 'ipv6');
privateNetworks.addSubnet('fc00::', 7, 'ipv6');
privateNetworks.addSubnet('fe80::', 10, 'ipv6');

/** Loopback, RFC 1918, link-local or IPv6 unique-local (IPv4-mapped IPv6 addresses are read as IPv4). */
export function isPrivateAddress(address: string | undefined): boolean {
  if (!address) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const plain = mapped ?? address;
  const family = isIP(plain);
  if (family === 0) return false;
  return privateNetworks.check(plain, family === 4 ? 'ipv4' : 'ipv6');
}

const digest = (value: string) => createHash('sha256').update(value).digest();

export interface ScrapeRequest {
  /** The `Authorization` header. */
  authorization: string | undefined;
  /** The TCP peer (the socket's address, never one a header claims). */
  remoteAddress: string | undefined;
  /** Whether the request names an original client (`X-Forwarded-For`, `Forwarded`, `X-Real-IP`): a proxy passed it. */
  forwarded: boolean;
}

/**
 * Who may read `/metrics`. With `METRICS_TOKEN` set: exactly `Authorization: Bearer <token>` (compared in constant
 * time). Unset: only a direct peer on a loopback or private address; a request a reverse proxy forwarded (it names
 * its original client) is refused, so a proxy in front of the api does not publish the metrics by accident.
 */
export function mayScrape(token: string | undefined, request: ScrapeRequest): boolean {
  if (token !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.authorization ?? '');
    // Hashing first makes the lengths equal, so the comparison leaks neither the token nor its length.
    return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), digest(token));
  }
  return !request.forwarded && isPrivateAddress(request.remoteAddress);
}

/** Whether the headers name an original client (a proxy forwarded the request). */
export function isForwarded(headers: Record<string, string | string[] | undefined>): boolean {
  return (
    headers['x-forwarded-for'] !== undefined ||
    headers.forwarded !== undefined ||
    headers['x-real-ip'] !== undefined
  );
}
