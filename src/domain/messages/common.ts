import type { Catalogue } from './index.js';

export const COMMON_MESSAGES: Catalogue = {
  'common.error': { zh: '错误：{detail}', en: 'Error: {detail}' },
  'common.done': { zh: '完成，用时 {seconds} 秒', en: 'Done in {seconds} s' },
};
