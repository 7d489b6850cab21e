/// <reference types="vite/client" />

/** One CRM's adapter, in the module the build makes for that CRM's deal pages (see vite.config.ts). */
declare module 'virtual:stagecoach-adapter' {
  export const adapter: import('./crm/types').CrmAdapter;
}

/** One CRM's list and board reader, in the module the build makes for that CRM's list pages (see vite.config.ts). */
declare module 'virtual:stagecoach-lists' {
  export const lists: import('./crm/types').CrmListReader;
}
