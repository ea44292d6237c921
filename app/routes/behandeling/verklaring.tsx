import { Button, Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { Form, redirect, useNavigation } from "react-router";
import { z } from "zod";
import { requireRole } from "../../auth/session.server.ts";
import { claimPlan, declarationView, declareInterest } from "../../domain/assessment/assignment.server.ts";
import { ErrorSummary } from "../../ui/error-summary.tsx";
import { TextareaField } from "../../ui/fields.tsx";
import { RadioGroup } from "../../ui/radio-group.tsx";
import { errorAt, summaryOf } from "../../ui/review/form-helpers.ts";
import { type ActionFailure, actionFailure, throwAsPage, validationFailure } from "../respond.server.ts";
import type { Route } from "./+types/verklaring";

// Before a plan opens to an adviser: the declaration on belangenverstrengeling. The page shows only
// what is needed to judge a conflict (kenmerk, title, organisation, partnership).

export const meta = () => [{ title: "Verklaring belangenverstrengeling — Sectorplanportaal" }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireRole(request, ["ADVISER"]);
  try {
    const facts = await declarationView(user.actor, params.planId);
    if (facts.status === "ACTIVE") throw redirect(`/behandeling/plannen/${params.planId}/beoordeling`);
    return { facts };
  } catch (err) {
    if (err instanceof Response) throw err;
    throwAsPage(err);
  }
}

const Declaration = z.discriminatedUnion("declaration", [
  z.object({ declaration: z.literal("none") }),
  z.object({
    declaration: z.literal("conflict"),
    explanation: z
      .string()
      .trim()
      .min(1, "Beschrijf het mogelijke belang.")
      .max(2000, "De toelichting mag hoogstens 2000 tekens hebben."),
  }),
]);

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireRole(request, ["ADVISER"]);
  const formData = await request.formData();
  try {
    if (formData.get("intent") === "claim") {
      await claimPlan(user.actor, params.planId);
      return redirect(`/behandeling/plannen/${params.planId}/verklaring`);
    }
    const parsed = Declaration.safeParse({
      declaration: formData.get("declaration") ?? undefined,
      explanation: formData.get("explanation") ?? "",
    });
    if (!parsed.success) {
      const errors: Record<string, { message: string }> = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path[0] === "explanation" ? "explanation" : "declaration";
        errors[key] ??= {
          message: key === "declaration" ? "Kies of u een mogelijk belang heeft." : issue.message,
        };
      }
      return validationFailure(errors, "declare");
    }
    const { status } = await declareInterest(
      user.actor,
      params.planId,
      parsed.data.declaration === "none"
        ? { conflict: false }
        : { conflict: true, explanation: parsed.data.explanation },
    );
    if (status === "ACTIVE") return redirect(`/behandeling/plannen/${params.planId}/beoordeling`);
    return redirect(`/behandeling/plannen/${params.planId}/verklaring`);
  } catch (err) {
    return actionFailure(err, "declare");
  }
}

const KIND_LABEL: Record<string, string> = {
  EMPLOYERS: "Werkgeversorganisatie",
  EMPLOYEES: "Werknemersorganisatie",
};

export default function DeclarationPage({ loaderData, actionData }: Route.ComponentProps) {
  const { facts } = loaderData;
  const busy = useNavigation().state !== "idle";
  const failure =
    actionData && !(actionData as { ok?: boolean }).ok ? (actionData as ActionFailure) : undefined;
  return (
    <div className="sp-stack">
      <Heading level={1}>Verklaring belangenverstrengeling</Heading>
      <dl className="sp-facts">
        <dt>Kenmerk</dt>
        <dd>{facts.reference}</dd>
        <dt>Titel</dt>
        <dd>{facts.title}</dd>
        <dt>Organisatie</dt>
        <dd>{facts.organisationName}</dd>
        <dt>Hoofdaanvrager</dt>
        <dd>{facts.leadName || "–"}</dd>
        <dt>Samenwerkingsverband</dt>
        <dd>
          <ul>
            {facts.partners.map((p) => (
              <li key={`${p.kind}-${p.name}`}>
                {p.name} ({KIND_LABEL[p.kind] ?? p.kind})
              </li>
            ))}
          </ul>
        </dd>
      </dl>
      {facts.status === "CONFLICT" ? (
        <section aria-labelledby="conflict-title" className="sp-stack">
          <Heading level={2} id="conflict-title">
            U heeft een mogelijk belang gemeld
          </Heading>
          <Paragraph>
            U beoordeelt dit plan niet. Uw melding is vastgelegd en de coördinator wijst een andere adviseur
            toe.
          </Paragraph>
          <Paragraph>Uw toelichting: {facts.conflictExplanation}</Paragraph>
        </section>
      ) : (
        <section aria-labelledby="declare-title" className="sp-stack">
          <Heading level={2} id="declare-title">
            Uw verklaring
          </Heading>
          <Paragraph>
            U ziet de inhoud van het plan pas nadat u heeft verklaard dat u geen belang heeft bij de aanvrager
            of de partners in het samenwerkingsverband.
          </Paragraph>
          <ErrorSummary errors={summaryOf(failure, "declare")} focusKey={failure} />
          <Form method="post" noValidate className="sp-stack">
            <RadioGroup
              id="declare-declaration"
              name="declaration"
              legend="Heeft u een belang bij dit plan?"
              options={[
                { value: "none", label: "Ik heb geen belangenverstrengeling" },
                { value: "conflict", label: "Ik heb een mogelijk belang" },
              ]}
              error={errorAt(failure, "declaration")}
            />
            <TextareaField
              id="declare-explanation"
              name="explanation"
              label="Toelichting bij een mogelijk belang"
              description="Alleen invullen als u een mogelijk belang heeft."
              rows={4}
              error={errorAt(failure, "explanation")}
            />
            <Button appearance="primary-action-button" type="submit" disabled={busy}>
              Verklaring vastleggen
            </Button>
          </Form>
        </section>
      )}
    </div>
  );
}
