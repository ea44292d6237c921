import { describe, expect, it } from "vitest";
import {
  AUDIT_REPORT_EMPTY,
  AUDIT_REPORT_MISSING,
  AUDIT_REPORT_NOT_PDF,
  AUDIT_REPORT_NOT_REQUIRED,
  AUDIT_REPORT_TOO_LARGE,
  AUDIT_REPORT_UNREADABLE,
} from "../domain/interim/audit-report.ts";
import { interimClosedReason, interimName } from "../domain/interim/report.server.ts";
import type { LocalDate } from "../domain/time/index.ts";
import { NOT_A_SIGNATORY_TO_REPORT } from "../domain/workflow/definition.server.ts";
import { EVENT_LABEL } from "../domain/workflow/labels.ts";
import { hasEnglish, translateDomainText } from "./domain-messages.ts";

describe("the English of the interim report's domain texts", () => {
  it("covers every reason the report cannot be written, the refusal and the events", () => {
    const start = new Date("2015-01-01T00:00:00Z");
    const running = { status: "IN_EXECUTION" as const, periodStart: start };
    const due = { dueOn: "2016-02-25" as LocalDate };
    const reasons = [
      interimClosedReason(running, due, 12, true, "2016-01-05" as LocalDate),
      interimClosedReason({ ...running, status: "WITHDRAWN" }, due, 12, false, "2016-01-05" as LocalDate),
      interimClosedReason(running, undefined, 24, false, "2016-01-05" as LocalDate),
      interimClosedReason(running, due, 12, false, "2015-12-31" as LocalDate),
    ];
    expect(reasons.every((r) => typeof r === "string")).toBe(true);
    const texts = [
      ...(reasons as string[]),
      NOT_A_SIGNATORY_TO_REPORT,
      EVENT_LABEL.submit_interim_report as string,
      EVENT_LABEL.review_interim_report as string,
      `${interimName(24)} is gelezen. Opmerking: Prima.`,
    ];
    expect(texts.filter((m) => !hasEnglish(m))).toEqual([]);
    expect(translateDomainText(reasons[3] as string, "en")).toBe(
      "The interim progress report after month 12 can be written from 1 January 2016.",
    );
    expect(interimClosedReason(running, due, 12, false, "2016-01-01" as LocalDate)).toBeNull();
  });

  it("covers the controleverklaring's messages (art. 5.4 lid 4)", () => {
    const texts = [
      AUDIT_REPORT_MISSING,
      AUDIT_REPORT_NOT_REQUIRED,
      AUDIT_REPORT_NOT_PDF,
      AUDIT_REPORT_TOO_LARGE,
      AUDIT_REPORT_EMPTY,
      AUDIT_REPORT_UNREADABLE,
    ];
    expect(texts.filter((m) => !hasEnglish(m))).toEqual([]);
    expect(translateDomainText(AUDIT_REPORT_NOT_PDF, "en")).toBe(
      "The auditor's report must be a PDF. The file is recognised by its content, not by its name.",
    );
  });
});
