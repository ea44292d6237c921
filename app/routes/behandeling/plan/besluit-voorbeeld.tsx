import { data } from "react-router";

// Placeholder while the letter preview is being built in this session.
export async function loader() {
  throw data("Nog niet beschikbaar.", { status: 404 });
}
