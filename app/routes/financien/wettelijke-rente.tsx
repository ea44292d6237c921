import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { Form, useNavigation } from "react-router";
import { requireRole } from "../../auth/session.server.ts";
import { fieldErrorsOf } from "../../domain/accounts/validation.ts";
import { now } from "../../domain/clock.ts";
import { formatRateBp } from "../../domain/money.ts";
import {
  addInterestRate,
  halfYearRateCheck,
  interestRateInputSchema,
  listInterestRates,
  nextHalfYearStart,
} from "../../domain/settlement/interest-rates.server.ts";
import { amsterdamDate, formatDateNl } from "../../domain/time/index.ts";
import { ErrorSummary } from "../../ui/error-summary.tsx";
import { TextField } from "../../ui/fields.tsx";
import { InterestRateWarning, rateCheckView } from "../../ui/finance/interest.tsx";
import { Link } from "../../ui/link.tsx";
import { ActionDone } from "../../ui/review/action-done.tsx";
import { errorAt, summaryOf } from "../../ui/review/form-helpers.ts";
import { TableScroll } from "../../ui/table.tsx";
import {
  type ActionFailure,
  actionFailure,
  errorTree,
  throwAsPage,
  validationFailure,
} from "../respond.server.ts";
import type { Route } from "./+types/wettelijke-rente";

export const meta = () => [{ title: "Wettelijke rente — Financiën — Sectorplanportaal" }];

const FORM = "rate";

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, ["FINANCE"]);
  try {
    const today = amsterdamDate(now());
    const [rates, check] = await Promise.all([listInterestRates(), halfYearRateCheck(today)]);
    return {
      // Newest first: the one that applies now is at the top.
      rates: rates.reverse().map((r) => ({
        validFrom: r.validFrom,
        from: formatDateNl(r.validFrom),
        rate: formatRateBp(r.rateBp),
        source: r.source,
      })),
      rateCheck: rateCheckView(check),
      nextHalfYear: nextHalfYearStart(today),
    };
  } catch (err) {
    throwAsPage(err);
  }
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireRole(request, ["FINANCE"]);
  const f = await request.formData();
  const input = {
    validFrom: String(f.get("validFrom") ?? ""),
    ratePercent: String(f.get("ratePercent") ?? ""),
    source: String(f.get("source") ?? ""),
  };
  const parsed = interestRateInputSchema.safeParse(input);
  if (!parsed.success)
    return validationFailure(
      errorTree(Object.entries(fieldErrorsOf(parsed.error)).map(([path, message]) => ({ path, message }))),
      FORM,
    );
  try {
    const added = await addInterestRate(user.actor, input);
    return {
      ok: true as const,
      message: `De wettelijke rente van ${formatRateBp(added.rateBp)} vanaf ${formatDateNl(added.validFrom)} is vastgelegd.`,
    };
  } catch (err) {
    return actionFailure(err, FORM);
  }
}

export default function StatutoryInterest({ loaderData, actionData }: Route.ComponentProps) {
  const { rates, rateCheck, nextHalfYear } = loaderData;
  const busy = useNavigation().state !== "idle";
  const failure = actionData && !actionData.ok ? (actionData as ActionFailure) : undefined;
  const success = actionData?.ok ? (actionData as { message: string }).message : undefined;
  return (
    <div className="sp-stack">
      <Heading level={1}>Wettelijke rente</Heading>
      <Paragraph>
        De wettelijke rente voor niet-handelstransacties (artikel 6:119 en 6:120, eerste lid, BW), die een
        organisatie verschuldigd is over een terugvordering die zij te laat betaalt (artikel 4:98 Awb). De
        overheid stelt het tarief per halfjaar vast, per 1 januari en 1 juli, in het Besluit vaststelling
        wettelijke rente. Een tarief geldt vanaf zijn ingangsdatum tot de volgende.
      </Paragraph>
      <Paragraph>
        Een vastgelegd tarief wordt niet gewijzigd. Een tarief dat u later toevoegt, verandert niets aan rente
        die al bij een ontvangst is berekend. Zie ook de{" "}
        <Link href="/financien/terugvorderingen">terugvorderingen</Link>.
      </Paragraph>
      <InterestRateWarning check={rateCheck} linkToRates={false} />
      <ActionDone message={success} />
      <TableScroll>
        <table className="utrecht-table">
          <caption className="utrecht-table__caption">Vastgelegde tarieven, het nieuwste bovenaan</caption>
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              <th scope="col" className="utrecht-table__header-cell">
                Vanaf
              </th>
              <th scope="col" className="utrecht-table__header-cell">
                Tarief per jaar
              </th>
              <th scope="col" className="utrecht-table__header-cell">
                Bron
              </th>
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {rates.map((r) => (
              <tr className="utrecht-table__row" key={r.validFrom}>
                <th scope="row" className="utrecht-table__header-cell">
                  {r.from}
                </th>
                <td className="utrecht-table__cell">{r.rate}</td>
                <td className="utrecht-table__cell">{r.source || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <section aria-labelledby="rate-title" className="sp-stack">
        <Heading level={2} id="rate-title">
          Tarief vastleggen
        </Heading>
        <ErrorSummary errors={summaryOf(failure, FORM)} focusKey={failure} />
        <Form method="post" className="sp-stack" noValidate>
          <TextField
            id={`${FORM}-validFrom`}
            name="validFrom"
            type="date"
            label="Geldt vanaf"
            description={`1 januari of 1 juli, uiterlijk ${formatDateNl(nextHalfYear)}.`}
            max={nextHalfYear}
            error={errorAt(failure, "validFrom")}
          />
          <TextField
            id={`${FORM}-ratePercent`}
            name="ratePercent"
            label="Tarief per jaar (%)"
            description="Bijvoorbeeld 6 of 4,25."
            inputMode="decimal"
            error={errorAt(failure, "ratePercent")}
          />
          <TextField
            id={`${FORM}-source`}
            name="source"
            label="Bron"
            description="Waar het tarief is bekendgemaakt, bijvoorbeeld Staatsblad 2025, 123."
            error={errorAt(failure, "source")}
          />
          <Button appearance="primary-action-button" type="submit" disabled={busy}>
            Tarief vastleggen
          </Button>
        </Form>
      </section>
    </div>
  );
}
