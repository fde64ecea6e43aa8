/** An error that stops an import, carrying a message-catalogue key so it reads in Chinese and English. */
import { msg, msgBoth } from '../domain/messages/index.js';

export class ImportError extends Error {
  constructor(readonly key: string, readonly params: Record<string, unknown> = {}) {
    super(msgBoth(key, params));
    this.name = 'ImportError';
  }

  get zh(): string { return msg(this.key, this.params, 'zh'); }
  get en(): string { return msg(this.key, this.params, 'en'); }
}
