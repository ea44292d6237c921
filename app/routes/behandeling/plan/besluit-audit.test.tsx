import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub } from "react-router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../../db/client.server.ts";
import { AUDIT_WITHOUT_INTERIM_REPORT } from "../../../domain/decision/interim-audit.ts";
import { decisionPage } from "../../../domain/decision/page.server.ts";
import { serverI18n } from "../../../entry.server.tsx";
import { advisePlan, completePlan } from "../../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../../test/scenario.server.ts";
import Decision from "./besluit.tsx";

// The decision tab's box for the controleverklaring (art. 5.4 lid 4): when it may not be ticked it
// is disabled, and the reason (as the hint otherwise) is its accessible description (WCAG 1.3.1).

const BOX = "decide-interimAuditRequired";

function render(loaderData: unknown): string {
  const path = "/behandeling/plannen/:planId/besluit";
  const Stub = createRoutesStub([{ id: "tab", path, Component: Decision as never }]);
  return renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n("nl")}>
      <Stub
        initialEntries={["/behandeling/plannen/x/besluit"]}
        hydrationData={{ loaderData: { tab: loaderData } }}
      />
    </I18nextProvider>,
  );
}

/** The box's tag and the texts its aria-describedby names. */
function box(html: string): { tag: string; described: string[] } {
  const tag = html.match(new RegExp(`<input[^>]* id="${BOX}"[^>]*>`))?.[0] ?? "";
  const ids = tag.match(/aria-describedby="([^"]*)"/)?.[1]?.split(" ") ?? [];
  const described = ids.map(
    (d) => html.match(new RegExp(`id="${d}"[^>]*>(.*?)</div>`))?.[1]?.replace(/<[^>]+>/g, "") ?? "",
  );
  return { tag, described };
}

let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterAll(async () => {
  await disconnectPrisma();
});

async function advised(): Promise<string> {
  const { id, version } = await completePlan(s);
  await advisePlan(s, id, version);
  return id;
}

describe("the decision tab's controleverklaring box", () => {
  it("is disabled for a plan shorter than 12 months, described by why", async () => {
    const id = await advised();
    // biome-ignore lint/plugin/plan-scope: the test shortens its own fixture's period
    await prisma.plan.update({
      where: { id },
      data: { periodEnd: new Date(`${s.year + 1}-11-30T00:00:00Z`) },
    });
    const page = await decisionPage(s.decisionMaker, id);
    expect(page.canDecide).toBe(true);
    const { tag, described } = box(render({ page }));
    expect(tag).toContain('disabled=""');
    expect(described).toEqual([AUDIT_WITHOUT_INTERIM_REPORT]);
  });

  it("is enabled for a plan of 12 months or more with advances, described by the hint", async () => {
    const page = await decisionPage(s.decisionMaker, await advised());
    const { tag, described } = box(render({ page }));
    expect(tag).not.toContain("disabled");
    expect(described).toHaveLength(1);
    expect(described[0]).toContain("Alleen bij voorschotten en een plan van 12 maanden of langer.");
  });
});
