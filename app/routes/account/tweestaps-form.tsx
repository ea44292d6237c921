import { Button } from "@rijkshuisstijl-community/components-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Form, useNavigation } from "react-router";
import type { CodeActionData } from "../../auth/code-action.server.ts";
import { ErrorSummary, type SummaryError } from "../../ui/error-summary.tsx";
import { TextField } from "../../ui/fields.tsx";

export function CodeForm({
  result,
  submitLabel,
  children,
}: {
  result: CodeActionData | undefined;
  submitLabel: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const errors: SummaryError[] = result ? [{ id: "code", message: result.error }] : [];
  return (
    <>
      <ErrorSummary errors={errors} focusKey={result} />
      {children}
      <Form method="post" noValidate className="sp-stack">
        <TextField
          id="code"
          name="code"
          type="text"
          label={t("login.code")}
          description={t("login.codeHint")}
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={9}
          spellCheck={false}
          error={result?.error}
        />
        <Button appearance="primary-action-button" type="submit" disabled={navigation.state === "submitting"}>
          {submitLabel}
        </Button>
      </Form>
    </>
  );
}
