import { Paragraph } from "@rijkshuisstijl-community/components-react";

// Placeholder while this page is being built in this session; replaced before the issue closes.
export default function ApplicantMessages() {
  return <Paragraph>Berichten.</Paragraph>;
}
