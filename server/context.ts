/** What server/app.ts hands to every loader, action and to entry.server.tsx. */
declare module "react-router" {
  interface AppLoadContext {
    /** The per-request nonce that helmet's CSP allows (server.mjs sets it on res.locals). */
    cspNonce: string;
  }
}

export {};
