import type { Config } from "@react-router/dev/config";

export default {
  appDirectory: "app",
  ssr: true,
  future: {
    // Loaders and actions get the HTTP request itself, not two fresh copies each with React
    // Router's `.data` suffix and `_routes`/`index` parameters taken out: one Request per request,
    // so the session is read once per page (app/auth/session.server.ts keys it on the Request),
    // not once per loader. requireUser already strips `.data` and `_routes` from the way back
    // after login; the other loaders read only parameters they name.
    v8_passThroughRequests: true,
  },
} satisfies Config;
