import { describe, expect, it } from "vitest";
import { prisma } from "../../db/client.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import { ConflictError } from "../errors.ts";
import { decideIbanChange, requestIbanChange } from "./iban.server.ts";

describe("two finance users deciding one bank-account change at the same moment", () => {
  // Three rounds: the deadlock this guards against (both under a share lock on the organisation,
  // each waiting to write) did not show on every run.
  for (const round of [1, 2, 3])
    it(`one approves, the other is told it was already decided, and nobody gets a deadlock (round ${round})`, async () => {
      const s = await createScenario();
      const { id } = await requestIbanChange(s.applicantA, {
        organisationId: s.orgA.id,
        iban: "NL20INGB0001234567",
        accountHolder: s.orgA.name,
      });
      const [f1, f2] = [await s.newUser("FINANCE"), await s.newUser("FINANCE")];
      const results = await Promise.allSettled([
        decideIbanChange(f1, id, { approve: true }),
        decideIbanChange(f2, id, { approve: true }),
      ]);
      const errors = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
      expect(errors).toEqual([expect.any(ConflictError)]);
      expect((errors[0] as Error).message).toBe("Deze wijziging is al beoordeeld.");
      expect(
        await prisma.auditLog.count({ where: { action: "iban_change_approved", targetId: s.orgA.id } }),
      ).toBe(1);
      const org = await prisma.organisation.findUniqueOrThrow({ where: { id: s.orgA.id } });
      expect(org.iban).toBe("NL20INGB0001234567");
    });
});
