import { Heading, Paragraph } from "@rijkshuisstijl-community/components-react";
import { useI18n } from "../i18n/hooks.ts";
import { Link } from "./link.tsx";

/** `message` may be a Dutch domain text (from a 404 the domain threw): shown in the page's language. */
export function NotFound({ message }: { message?: string }) {
  const { t, dt } = useI18n();
  return (
    <>
      <Heading level={1}>{t("errors.notFoundTitle")}</Heading>
      <Paragraph>{message ? dt(message) : t("errors.notFoundText")}</Paragraph>
      <Paragraph>
        <Link href="/">{t("common.toHome")}</Link>
      </Paragraph>
    </>
  );
}
