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
  ]),
  route("documenten/:documentId", "routes/documenten.tsx"),
  route("*", "routes/$.tsx"),
] satisfies RouteConfig;
