/** User-facing texts of the generator, from the message catalogue (Chinese first, English after). */
import { msgBoth } from '../domain/messages/index.js';

export function demoText(key: string, params: Record<string, unknown> = {}): string {
  return msgBoth(key, params);
}

export class DemoOptionError extends Error {
  constructor(key: string, params: Record<string, unknown>) {
    super(demoText(key, params));
    this.name = 'DemoOptionError';
  }
}
