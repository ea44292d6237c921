import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type express from "express";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { getSessionUser } from "../app/auth/session.server.ts";
import { getQueue, QUEUE_NAMES } from "../workers/queues.ts";

/**
 * The queue admin page (issue 3): Bull Board for the letters, e-mails and reminders queues —
 * counts per state, failed jobs with their error, retry and discard. Bull Board has no login of
 * its own, so every request (page, API, static files) first passes `requireAdmin`.
 */
export const QUEUE_BOARD_PATH = "/beheer/wachtrijen";

/**
 * The portal's own session, read from the cookie through the same code as every loader: the
 * Express request is turned into a Fetch Request carrying only what the session needs.
 */
export async function requireAdmin(req: Request, res: Response, next: NextFunction): Promise<void> {
  try {
    const request = new Request(new URL(req.originalUrl, "http://portal.invalid"), {
      headers: { cookie: req.get("cookie") ?? "" },
    });
    const user = await getSessionUser(request);
    if (!user) {
      const back = req.method === "GET" ? req.originalUrl : QUEUE_BOARD_PATH;
      res.redirect(303, `/login?${new URLSearchParams({ redirectTo: back })}`);
      return;
    }
    if (!user.roles.includes("ADMIN")) {
      res.status(403).type("text/plain; charset=utf-8").send("U heeft geen toegang tot deze pagina.");
      return;
    }
    res.setHeader("Cache-Control", "private, no-store");
    next();
  } catch (err) {
    next(err);
  }
}

/**
 * Bull Board's router, made on the first admin request rather than at import: the queues open a
 * Redis connection, and a web server whose Redis is down must still serve every other page.
 */
let router: RequestHandler | undefined;
export const queueBoard: RequestHandler = (req, res, next) => {
  if (!router) {
    const adapter = new ExpressAdapter();
    adapter.setBasePath(QUEUE_BOARD_PATH);
    createBullBoard({
      queues: QUEUE_NAMES.map((name) => new BullMQAdapter(getQueue(name))),
      serverAdapter: adapter,
      options: { uiConfig: { boardTitle: "Wachtrijen" } },
    });
    const board = adapter.getRouter() as express.Application;
    // Bull Board's own Express app would announce itself (stack.md §8.1 pitfall 1).
    board.disable("x-powered-by");
    router = board;
  }
  router(req, res, next);
};
