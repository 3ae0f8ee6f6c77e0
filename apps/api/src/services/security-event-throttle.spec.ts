import { describe, expect, it } from 'vitest';
import { createSecurityEventThrottle } from './security-event-throttle';

describe('security event throttle', () => {
  it('writes the first events of a source each minute and carries the dropped count into its next row', () => {
    let clock = 0;
    const throttle = createSecurityEventThrottle(3, () => clock);
    const firstMinute = Array.from({ length: 10 }, () => throttle.admit('csrf|203.0.113.9'));
    expect(firstMinute).toEqual([
      0,
      0,
      0,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    // Another source is not held back by the first one.
    expect(throttle.admit('csrf|198.51.100.7')).toBe(0);
    clock = 60_000;
    expect(throttle.admit('csrf|203.0.113.9')).toBe(7);
    expect(throttle.admit('csrf|203.0.113.9')).toBe(0);
  });
});
