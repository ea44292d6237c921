import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { data, Form } from "react-router";
import { requireRole } from "../../auth/session.server.ts";
import { loadDashboard, parseScope, regulationOptions } from "../../domain/budget/dashboard.server.ts";
import { SelectField } from "../../ui/fields.tsx";
import { BreakdownTable } from "../../ui/finance/breakdown-table.tsx";
import { ExportLinks } from "../../ui/finance/export-links.tsx";
import { timelineHref } from "../../ui/finance/links.ts";
import { PotTable } from "../../ui/finance/pot-table.tsx";
import { TimelineChart } from "../../ui/finance/timeline-chart.tsx";
import { Link } from "../../ui/link.tsx";
import type { Route } from "./+types/dashboard";

export const meta: Route.MetaFunction = () => [{ title: "Financiën: budget — Sectorplanportaal" }];

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireRole(request, ["FINANCE", "DECISION_MAKER"]);
  const search = new URL(request.url).searchParams;
  const scope = parseScope(search);
  if (!scope.ok) throw data(scope.message, { status: 400 });
  // The sector and theme tables show one pot kind at a time: every booking lands on its window
  // pot in full and again on the year pots in shares, so both kinds at once showed the same money
  // twice and doubled the page. The exports keep both kinds.
  const verdeling: Verdeling = search.get("verdeling") === "jaar" ? "jaar" : "tijdvak";
  const [dashboard, regulations] = await Promise.all([
    loadDashboard(scope.value, undefined, verdeling === "jaar" ? "YEAR" : "WINDOW"),
    regulationOptions(),
  ]);
  return {
    dashboard,
    regulations,
    verdeling,
    regeling: scope.value.regulationId,
    // Payments, bank accounts and recoveries are finance's alone; a decision maker sees the budget.
    isFinance: user.roles.includes("FINANCE"),
  };
}

type Verdeling = "tijdvak" | "jaar";

const VERDELING_TEXT: Record<Verdeling, string> = {
  tijdvak: "de subsidieplafonds van de tijdvakken",
  jaar: "de budgetten van de begrotingsjaren",
};

/** Says which pots the sector and theme tables count, with a link to the other kind. */
function VerdelingSwitch({ verdeling, regeling }: { verdeling: Verdeling; regeling: string | undefined }) {
  const other: Verdeling = verdeling === "jaar" ? "tijdvak" : "jaar";
  const query = new URLSearchParams({ ...(regeling ? { regeling } : {}), verdeling: other });
  return (
    <Paragraph>
      Deze tabel telt op {VERDELING_TEXT[verdeling]}.{" "}
      <Link href={`?${query}`}>Toon de tabellen per sector en per thema op {VERDELING_TEXT[other]}</Link>. De
      export bevat beide.
    </Paragraph>
  );
}

/**
 * A begrotingsjaar is its fund's budget: limited to one regulation, a row still counts the plans of
 * the fund's other regulations (dashboard.server.ts potRows). Said once, with their full names.
 */
function SharedFundNote({ years }: { years: { sharedWith: { code: string; title: string }[] }[] }) {
  const shared = new Map(years.flatMap((y) => y.sharedWith.map((r) => [r.code, r.title] as const)));
  if (shared.size === 0) return null;
  const names = [...shared].map(([code, title]) => `${code} — ${title}`).join("; ");
  return (
    <Paragraph>
      Een begrotingsjaar is het budget van het hele fonds, dat deze regeling deelt met {names}. Elk bedrag in
      deze tabel telt daarom de plannen van alle regelingen van het fonds, ook de wachtlijst en de ingediende
      plannen, en toont die plannen als u erop klikt.
    </Paragraph>
  );
}

export default function FinanceDashboard({ loaderData }: Route.ComponentProps) {
  const { dashboard, regulations, regeling, isFinance, verdeling } = loaderData;
  const params = { regeling };
  return (
    <div className="sp-stack">
      <Heading level={1}>Financiën: budget</Heading>
      <Paragraph>
        Per pot (het subsidieplafond van elk tijdvak en het budget van elk begrotingsjaar): wat gereserveerd,
        verplicht en betaald is en wat nog beschikbaar is. Beschikbaar is het plafond min gereserveerd en
        verplicht. Elk bedrag opent de plannen erachter.
      </Paragraph>
      <nav aria-label="Financiën">
        <ul className="sp-tabs-list">
          <li>
            <Link href="/financien/wachtlijst">Wachtlijst</Link>
          </li>
          {isFinance ? (
            <>
              <li>
                <Link href="/financien/betalingen">Betalingen</Link>
              </li>
              <li>
                <Link href="/financien/rekeningnummers">Rekeningnummers</Link>
              </li>
              <li>
                <Link href="/financien/terugvorderingen">Terugvorderingen</Link>
              </li>
              <li>
                <Link href="/financien/regelingen">Regelingen en tijdvakken</Link>
              </li>
              <li>
                <Link href="/financien/wettelijke-rente">Wettelijke rente</Link>
              </li>
            </>
          ) : null}
        </ul>
      </nav>
      <Form method="get" className="sp-inline-form">
        {verdeling === "jaar" ? <input type="hidden" name="verdeling" value="jaar" /> : null}
        <SelectField
          id="regeling"
          name="regeling"
          label="Regeling"
          placeholder="Alle regelingen"
          defaultValue={regeling ?? ""}
          options={regulations.map((r) => ({ value: r.id, label: r.label }))}
        />
        <Button type="submit" appearance="secondary-action-button">
          Toon
        </Button>
      </Form>

      <section aria-labelledby="per-tijdvak" className="sp-stack">
        <Heading level={2} id="per-tijdvak">
          Per tijdvak
        </Heading>
        <PotTable
          caption="Subsidieplafond per tijdvak"
          rows={dashboard.windows}
          kind="WINDOW"
          regeling={regeling}
        />
        <ExportLinks table="windows" what="de tabel per tijdvak" params={params} />
      </section>

      <section aria-labelledby="per-jaar" className="sp-stack">
        <Heading level={2} id="per-jaar">
          Per begrotingsjaar
        </Heading>
        <PotTable
          caption="Budget per begrotingsjaar"
          rows={dashboard.years}
          kind="YEAR"
          regeling={regeling}
        />
        <SharedFundNote years={dashboard.years} />
        {dashboard.years.some((y) => y.illustrative) ? (
          <Paragraph>* Illustratief bedrag: niet het werkelijke budget van dat jaar.</Paragraph>
        ) : null}
        <ExportLinks table="years" what="de tabel per begrotingsjaar" params={params} />
      </section>

      <section aria-labelledby="per-sector" className="sp-stack">
        <Heading level={2} id="per-sector">
          Per sector
        </Heading>
        <BreakdownTable
          caption="Per sector (hoofdsector van het plan)"
          by="sector"
          rows={dashboard.sectors}
          regeling={regeling}
        />
        <VerdelingSwitch verdeling={verdeling} regeling={regeling} />
        <Paragraph>
          Een plan telt mee bij zijn eerste sector (de hoofdsector), zodat de sectoren optellen tot de potten.
          Plannen: het aantal plannen dat in deze potten een bedrag heeft. Ingediend, nog niet volledig: de
          plannen die nog niet volledig zijn verklaard, met wat zij aanvragen (de pijplijn, zoals bij de
          potten).
        </Paragraph>
        <ExportLinks table="sectors" what="de tabel per sector" params={params} />
      </section>

      <section aria-labelledby="per-thema" className="sp-stack">
        <Heading level={2} id="per-thema">
          Per thema
        </Heading>
        <BreakdownTable
          caption="Per thema (telt niet op tot de potten)"
          by="theme"
          rows={dashboard.themes}
          regeling={regeling}
        />
        <VerdelingSwitch verdeling={verdeling} regeling={regeling} />
        <Paragraph>
          Let op: een plan telt met zijn hele bedrag mee bij elk thema van zijn maatregelen. De thema's tellen
          daarom niet op tot de potten.
        </Paragraph>
        <ExportLinks table="themes" what="de tabel per thema" params={params} />
      </section>

      <section aria-labelledby="verloop" className="sp-stack">
        <Heading level={2} id="verloop">
          Verloop van verplichtingen en betalingen
        </Heading>
        <Paragraph>
          Cumulatief per maand, op de subsidieplafonds van de tijdvakken: verplicht na vrijvallen, betaald na
          terugvorderingen.
        </Paragraph>
        <TimelineChart rows={dashboard.timeline} id="verloop-grafiek" tableHref={timelineHref(regeling)} />
        <ExportLinks table="timeline" what="het verloop per maand" params={params} />
      </section>
    </div>
  );
}
