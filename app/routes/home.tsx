import {
  Heading,
  Link,
  Paragraph,
  UnorderedList,
  UnorderedListItem,
} from "@rijkshuisstijl-community/components-react";
import { getSessionUser } from "../auth/session.server.ts";
import type { Route } from "./+types/home";

export const meta: Route.MetaFunction = () => [{ title: "Sectorplanportaal" }];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await getSessionUser(request);
  return { user: user ? { name: user.name, roles: user.roles } : null };
}

export default function Home({ loaderData }: Route.ComponentProps) {
  const { user } = loaderData;
  const has = (r: string) => user?.roles.some((x) => x === r) ?? false;
  return (
    <div className="sp-stack">
      <Heading level={1}>Sectorplanportaal</Heading>
      <Paragraph lead>
        In het Sectorplanportaal vragen werkgevers en werknemers van een sector samen cofinanciering aan voor
        hun sectorplan, op grond van de Regeling cofinanciering sectorplannen (2013).
      </Paragraph>
      <Paragraph>
        Het Rijk betaalt de helft van de kosten van maatregelen die mensen aan het werk houden: scholing, van
        werk naar werk, instroom van jongeren, behoud van vakkrachten en duurzame inzetbaarheid. Aanvragen
        worden behandeld in volgorde van ontvangst van de volledige aanvraag.
      </Paragraph>
      {user ? (
        <>
          <Heading level={2}>Welkom, {user.name}</Heading>
          <UnorderedList>
            {has("APPLICANT") ? (
              <UnorderedListItem>
                <Link href="/aanvrager">Mijn sectorplannen</Link>
              </UnorderedListItem>
            ) : null}
            {has("CASE_HANDLER") ? (
              <UnorderedListItem>
                <Link href="/behandeling#volledigheid">Volledigheid beoordelen</Link>
              </UnorderedListItem>
            ) : null}
            {has("ADVISER") ? (
              <UnorderedListItem>
                <Link href="/behandeling#beoordeling">Plannen beoordelen en adviseren</Link>
              </UnorderedListItem>
            ) : null}
            {has("DECISION_MAKER") ? (
              <UnorderedListItem>
                <Link href="/behandeling#besluit">Besluiten op plannen</Link>
              </UnorderedListItem>
            ) : null}
            {has("FINANCE") || has("ADMIN") ? (
              <UnorderedListItem>
                De overzichten voor financiën en beheer volgen in een latere versie.
              </UnorderedListItem>
            ) : null}
          </UnorderedList>
        </>
      ) : (
        <Paragraph>
          <Link href="/login">Inloggen</Link> om een sectorplan aan te vragen of te behandelen.
        </Paragraph>
      )}
    </div>
  );
}
