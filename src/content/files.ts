/** Where the build puts each CRM's deal-page module (see vite.config.ts), relative to the extension's root. */
export const dealPageFile = (crm: string): string => `content/${crm}.js`;

/** The detector: the classic content script on every CRM page. */
export const DETECTOR_FILE = 'content/detector.js';

/** Where the build puts each CRM's list-page module (see vite.config.ts): its list reader and src/content/list-page.ts. */
export const listPageFile = (crm: string): string => `content/${crm}-list.js`;
