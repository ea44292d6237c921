import {
  Heading,
  Paragraph,
  UnorderedList,
  UnorderedListItem,
} from "@rijkshuisstijl-community/components-react";
import { requireRole } from "../../auth/session.server.ts";
import { Link } from "../../ui/link.tsx";
import type { Route } from "./+types/index";

export const meta: Route.MetaFunction = () => [{ title: "Beheer — Sectorplanportaal" }];

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, ["ADMIN"]);
  return null;
}

export default function Beheer() {
  return (
    <div className="sp-stack">
      <Heading level={1}>Beheer</Heading>
      <UnorderedList>
        <UnorderedListItem>
          <Link href="/beheer/gebruikers">Gebruikers</Link> — medewerkers toevoegen, rollen wijzigen, accounts
          uitschakelen; elke wijziging staat in de audit.
        </UnorderedListItem>
        <UnorderedListItem>
          <Link href="/beheer/wachtrijen">Wachtrijen</Link> — brieven, e-mails, herinneringen en budgetwerk:
          aantallen per status, mislukte taken met hun fout, opnieuw proberen of verwijderen.
        </UnorderedListItem>
      </UnorderedList>
      <Paragraph>
        <Link href="/financien/regelingen">Regelingen, tijdvakken en begrotingsjaren</Link> —
        subsidieplafonds, jaarbudgetten en de parameters van elke regeling.
      </Paragraph>
    </div>
  );
}
