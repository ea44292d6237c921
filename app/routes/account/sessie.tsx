import { data } from "react-router";
import { getSessionUser } from "../../auth/session.server.ts";
import type { Route } from "./+types/sessie";

/**
 * "Ingelogd blijven": a request counts as activity, so this only has to reach getSessionUser.
 * Answers the new idle deadline, or 401 when the session has already ended.
 */
export async function action({ request }: Route.ActionArgs) {
  const user = await getSessionUser(request);
  if (!user) return data({ idleDeadline: null }, { status: 401 });
  return { idleDeadline: user.idleDeadline.toISOString() };
}

export async function loader() {
  throw data("Niet gevonden.", { status: 404 });
}
