/** The workbench pages' texts (bundled into the web app; the server never reads them). */
import type { Catalogue } from './index.js';

export const WEB_MESSAGES: Catalogue = {
  'web.title': { zh: 'FundGuard 医保基金智能监管平台', en: 'FundGuard fund supervision' },
};
