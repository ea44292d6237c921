import {
  Heading,
  Paragraph,
  UnorderedList,
  UnorderedListItem,
} from "@rijkshuisstijl-community/components-react";
import { useTranslation } from "react-i18next";

/** One section of a statement page: a heading and paragraphs (or a list), all by translation key. */
export type StatementSection = { heading: string; paragraphs?: string[]; list?: string[] };

/**
 * A public statement (accessibility, privacy): texts from the resources under `prefix`, so both
 * languages have the same sections and resources.test.ts checks that no text is missing.
 */
export function Statement({
  prefix,
  sections,
}: {
  prefix: "accessibility" | "privacy";
  sections: StatementSection[];
}) {
  const { t } = useTranslation();
  return (
    <article className="sp-stack" aria-labelledby="verklaring">
      <Heading level={1} id="verklaring">
        {t(`${prefix}.title`)}
      </Heading>
      <Paragraph lead>{t(`${prefix}.lead`)}</Paragraph>
      {sections.map((section) => (
        <section key={section.heading} className="sp-stack" aria-labelledby={`${prefix}-${section.heading}`}>
          <Heading level={2} id={`${prefix}-${section.heading}`}>
            {t(`${prefix}.${section.heading}`)}
          </Heading>
          {section.paragraphs?.map((key) => (
            <Paragraph key={key}>{t(`${prefix}.${key}`)}</Paragraph>
          ))}
          {section.list ? (
            <UnorderedList>
              {section.list.map((key) => (
                <UnorderedListItem key={key}>{t(`${prefix}.${key}`)}</UnorderedListItem>
              ))}
            </UnorderedList>
          ) : null}
        </section>
      ))}
    </article>
  );
}
