import { Heading, Link, Paragraph } from "@rijkshuisstijl-community/components-react";

export function NotFound({ message }: { message?: string }) {
  return (
    <>
      <Heading level={1}>Pagina niet gevonden</Heading>
      <Paragraph>
        {message ?? "De pagina die u zoekt bestaat niet, of u heeft er geen toegang toe."}
      </Paragraph>
      <Paragraph>
        <Link href="/">Naar de startpagina</Link>
      </Paragraph>
    </>
  );
}
