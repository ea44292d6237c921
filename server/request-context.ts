import type { IncomingMessage, ServerResponse } from "node:http";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";
import { logger as baseLogger, loggablePath, requestIdFrom, withRequestContext } from "../app/log.server.ts";

/** The path without its query string or an e-mailed link's token (loggablePath). */
function pathOf(req: IncomingMessage): string {
  return loggablePath((req as Request).originalUrl ?? req.url ?? "/");
}

/**
 * Gives each request an id (an incoming X-Request-Id that looks sane, else a UUID), echoes it in
 * the X-Request-Id response header, writes one access log line when the response is done, and
 * runs the rest of the request inside its context, so that domain code (writeOutbox) and every log
 * line carry the id. server.mjs mounts it first, before the static files and the app.
 */
export function requestContext(logger: Logger = baseLogger): RequestHandler {
  const http = pinoHttp({
    logger,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const id = requestIdFrom(req.headers["x-request-id"]);
      res.setHeader("X-Request-Id", id);
      return id;
    },
    customAttributeKeys: { reqId: "requestId", responseTime: "durationMs" },
    // The request's own logger (req.log) then carries only the id, not the whole request again.
    quietReqLogger: true,
    serializers: {
      req: (req: { method: string; raw: IncomingMessage }) => ({ method: req.method, path: pathOf(req.raw) }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? "error" : "info"),
    customSuccessMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
  });
  return (req: Request, res: Response, next: NextFunction) => {
    http(req, res);
    withRequestContext({ requestId: String(req.id), log: req.log }, () => next());
  };
}
