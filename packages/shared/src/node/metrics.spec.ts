import { describe, expect, it } from 'vitest';
import { isForwarded, isPrivateAddress, mayScrape } from './metrics';

const direct = (remoteAddress: string, authorization?: string) => ({
  authorization,
  remoteAddress,
  forwarded: false,
});

describe('who may scrape /metrics', () => {
  it('with a token: exactly the bearer token, from anywhere', () => {
    const token = 'a-metrics-token-of-32-characters';
    expect(mayScrape(token, direct('203.0.113.7', `Bearer ${token}`))).toBe(true);
    expect(mayScrape(token, direct('127.0.0.1', `bearer ${token}`))).toBe(true);
    expect(mayScrape(token, direct('127.0.0.1'))).toBe(false);
    expect(mayScrape(token, direct('127.0.0.1', token))).toBe(false);
    expect(mayScrape(token, direct('127.0.0.1', `Bearer ${token}x`))).toBe(false);
    expect(mayScrape(token, direct('127.0.0.1', `Bearer ${token.slice(1)}`))).toBe(false);
    expect(mayScrape(token, direct('127.0.0.1', 'Bearer '))).toBe(false);
  });

  it('without a token: direct peers on private addresses only', () => {
    for (const address of [
      '127.0.0.1',
      '::1',
      '::ffff:127.0.0.1',
      '10.1.2.3',
      '172.20.0.5',
      '192.168.1.9',
      'fd00::1',
    ]) {
      expect(mayScrape(undefined, direct(address)), address).toBe(true);
    }
    for (const address of ['203.0.113.7', '172.32.0.1', '8.8.8.8', '2001:db8::1', '::ffff:8.8.8.8', '']) {
      expect(mayScrape(undefined, direct(address)), address).toBe(false);
    }
    expect(
      mayScrape(undefined, { authorization: undefined, remoteAddress: '127.0.0.1', forwarded: true }),
    ).toBe(false);
  });

  it('recognises what a proxy forwarded and what a private address is', () => {
    expect(isForwarded({ 'x-forwarded-for': '1.2.3.4' })).toBe(true);
    expect(isForwarded({ forwarded: 'for=1.2.3.4' })).toBe(true);
    expect(isForwarded({ 'x-real-ip': '1.2.3.4' })).toBe(true);
    expect(isForwarded({ host: 'localhost' })).toBe(false);
    expect(isPrivateAddress(undefined)).toBe(false);
    expect(isPrivateAddress('not-an-address')).toBe(false);
  });
});
