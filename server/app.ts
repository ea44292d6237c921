import { createRequestHandler } from "@react-router/express";
import express, { type NextFunction, type Request, type Response } from "express";
import { rateLimit } from "express-rate-limit";
import "./context.ts";
import { healthz } from "./healthz.ts";
import { QUEUE_BOARD_PATH, queueBoard, requireAdmin } from "./queue-board.ts";

/**
 * The Express sub-app that serves the React Router app. server.mjs mounts it behind helmet and
 * the static files; in production it is build/server/index.js (vite.config.ts makes it the SSR entry).
 */
export const app = express();
// The mounted sub-app sets the header itself, whatever the outer app says (stack.md §8.1 pitfall 1).
app.disable("x-powered-by");

app.get("/healthz", healthz);

const loginLimiter = rateLimit({
  windowMs: 15 * 60_000,
  limit: Number(process.env.LOGIN_RATE_LIMIT ?? 10),
  standardHeaders: "draft-8",
  legacyHeaders: false,
  // Only failed attempts count: a brute-force guard that does not lock out a busy office behind one IP.
  skipSuccessfulRequests: true,
  message: "Te veel inlogpogingen. Probeer het over een kwartier opnieuw.",
});
// Single fetch submits to /login.data once hydrated; a plain form posts to /login.
app.post(["/login", "/login.data"], loginLimiter);

/**
 * CSRF: the session cookie is SameSite=Lax, so a cross-site form POST carries no session; this
 * check also refuses same-site-but-foreign origins. A request without Origin (curl, old
 * browsers on same-origin GET-to-POST) falls back to Referer; with neither it is refused.
 */
export function sameOrigin(req: Request, res: Response, next: NextFunction): void {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") {
    next();
    return;
  }
  const host = req.get("host");
  const source = req.get("origin") ?? refererOrigin(req.get("referer"));
  if (host && source) {
    try {
      if (new URL(source).host === host) {
        next();
        return;
      }
    } catch {
      // fall through to refusal
    }
  }
  res.status(403).type("text/plain; charset=utf-8").send("Verzoek geweigerd: onbekende herkomst.");
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

app.use(sameOrigin);

// Bull Board for ADMIN only; after sameOrigin, so its retry and discard calls are CSRF-checked too.
app.use(QUEUE_BOARD_PATH, requireAdmin, queueBoard);

app.use(
  createRequestHandler({
    build: () => import("virtual:react-router/server-build"),
    getLoadContext: (_req, res) => ({ cspNonce: String(res.locals.cspNonce ?? "") }),
    mode: process.env.NODE_ENV,
  }),
);
