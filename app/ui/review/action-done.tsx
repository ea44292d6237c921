import { Paragraph } from "@rijkshuisstijl-community/components-react";
import { Alert } from "../alert.tsx";

/** The confirmation after a staff action succeeded, announced to screen readers. */
export function ActionDone({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <div role="status">
      <Alert type="ok">
        <Paragraph>{message}</Paragraph>
      </Alert>
    </div>
  );
}
