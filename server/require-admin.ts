import type { NextFunction, Request, Response } from "express";
import { getSessionUser } from "../app/auth/session.server.ts";

/**
 * The ADMIN guard of what Express serves outside React Router (GET /metrics): the portal's own
 * session, read from the cookie through the same code as every loader. The Express request is
 * turned into a Fetch Request carrying only what the session needs.
 */
export async function requireAdmin(req: Request, res: Response, next: NextFunction): Promise<void> {
  try {
    const request = new Request(new URL(req.originalUrl, "http://portal.invalid"), {
      headers: { cookie: req.get("cookie") ?? "" },
    });
    const user = await getSessionUser(request);
    if (!user) {
      const back = req.method === "GET" ? req.originalUrl : "/beheer";
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
