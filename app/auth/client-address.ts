/**
 * The client address Express saw: server/app.ts puts req.ip in this header and overwrites whatever
 * the client sent under that name, so it cannot be forged; behind a proxy, TRUST_PROXY makes req.ip
 * the real client. A React Router action has no other way to see it.
 */
export const CLIENT_ADDRESS_HEADER = "x-sectorplan-client-address";

export function clientAddress(request: Request): string {
  return request.headers.get(CLIENT_ADDRESS_HEADER) || "unknown";
}
