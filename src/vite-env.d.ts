/// <reference types="vite/client" />

/** One CRM's adapter, in the module the build makes for that CRM's deal pages (see vite.config.ts). */
declare module 'virtual:stagecoach-adapter' {
  export const adapter: import('./crm/types').CrmAdapter;
}
