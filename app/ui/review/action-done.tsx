import { Paragraph } from "@rijkshuisstijl-community/components-react";
import { Alert } from "../alert.tsx";

/**
 * The confirmation after a staff action succeeded. The alert's message is itself a status region,
 * announced to screen readers; a second one around it would nest two live regions.
 */
export function ActionDone({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <Alert type="ok">
      <Paragraph>{message}</Paragraph>
    </Alert>
  );
}
