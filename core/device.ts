// The device an event came from, read from its User-Agent: what the JS tracker and the Segment
// endpoints both keep on an event as `device: { type, os, browser }`.
import { UAParser } from 'ua-parser-js';

export interface Device {
  type: string;
  os?: string;
  browser?: string;
}

export function deviceOf(userAgent: string | undefined): Device {
  const ua = UAParser(userAgent ?? '');
  const version = (name?: string, v?: string) =>
    name ? [name, v].filter(Boolean).join(' ') : undefined;
  return {
    type: ua.device.type ?? 'desktop',
    os: version(ua.os.name, ua.os.version),
    browser: version(ua.browser.name, ua.browser.major),
  };
}
