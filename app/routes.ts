import { index, prefix, type RouteConfig, route } from "@react-router/dev/routes";

export default [
  index("routes/home.tsx"),
  route("login", "routes/login.tsx"),
  route("logout", "routes/logout.tsx"),
  ...prefix("aanvrager", [
    index("routes/aanvrager/dashboard.tsx"),
    route("plannen/:planId", "routes/aanvrager/plan.tsx"),
  ]),
  ...prefix("behandeling", [
    index("routes/behandeling/queues.tsx"),
    route("plannen/:planId", "routes/behandeling/plan.tsx"),
    route("plannen/:planId/dossier", "routes/behandeling/dossier.tsx"),
  ]),
  route("documenten/:documentId", "routes/documenten.tsx"),
  route("meldingen", "routes/meldingen.tsx"),
  route("documenten/versies/:planVersionId", "routes/documenten-versie.tsx"),
  // /beheer/wachtrijen is Bull Board, mounted in server/app.ts before the router.
  ...prefix("beheer", [index("routes/beheer/index.tsx")]),
  route("*", "routes/$.tsx"),
] satisfies RouteConfig;
