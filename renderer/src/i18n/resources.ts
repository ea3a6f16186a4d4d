import type { Lang } from '../presenters/lang.js';
import { en } from './locales/en.js';
import { zhCN } from './locales/zh-CN.js';

export const resources = {
  'zh-CN': { translation: zhCN },
  en: { translation: en },
} satisfies Record<Lang, { translation: unknown }>;
