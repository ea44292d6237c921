import {
  Button,
  Paragraph,
  TableBody,
  TableCaption,
  TableHeader,
} from "@rijkshuisstijl-community/components-react";
import { Form, useNavigation } from "react-router";
import { useI18n } from "../i18n/hooks.ts";
import { formatFileSize } from "./format.ts";
import { Link } from "./link.tsx";
import { Table } from "./table.tsx";
import { TableCell, TableRow } from "./table-cell.tsx";
import { TableHeaderCell } from "./table-header-cell.tsx";

/** What the list needs of an attachment (AttachmentView of app/domain/attachments fits). */
export type AttachmentListItem = {
  id: string;
  kindLabel: string;
  filename: string;
  byteSize: number;
  sha256: string;
  createdAt: string;
  /** Went in with a submitted version: kept for that version's record, so it cannot be removed. */
  submitted?: boolean;
};

/**
 * The attachments of a plan as a table: kind, name (the download), size, SHA-256 and when it was
 * added. With `onRemove` each row gets a form that posts `intent=remove` to the current route.
 * The file name is the applicant's text and is rendered as text only.
 */
export function AttachmentList({
  attachments,
  onRemove = false,
  caption,
}: {
  attachments: AttachmentListItem[];
  onRemove?: boolean;
  caption?: string;
}) {
  const { t, dt, lng, dateTime } = useI18n();
  const navigation = useNavigation();
  if (attachments.length === 0) return <Paragraph>{t("attachments.none")}</Paragraph>;
  return (
    <Table data-testid="attachment-list">
      <TableCaption>{caption ?? t("attachments.uploadedHeading")}</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHeaderCell scope="col">{t("attachments.kind")}</TableHeaderCell>
          <TableHeaderCell scope="col">{t("attachments.file")}</TableHeaderCell>
          <TableHeaderCell scope="col">{t("attachments.size")}</TableHeaderCell>
          <TableHeaderCell scope="col">{t("attachments.sha256")}</TableHeaderCell>
          <TableHeaderCell scope="col">{t("attachments.uploadedAt")}</TableHeaderCell>
          {onRemove ? <TableHeaderCell scope="col">{t("attachments.action")}</TableHeaderCell> : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {attachments.map((a) => {
          const size = formatFileSize(a.byteSize, lng);
          return (
            <TableRow key={a.id} data-testid="attachment-row">
              <TableCell>{dt(a.kindLabel)}</TableCell>
              <TableCell>
                <Link href={`/bijlagen/${a.id}`} download>
                  {a.filename}
                  <span className="sp-visually-hidden">{t("attachments.downloadHidden", { size })}</span>
                </Link>
              </TableCell>
              <TableCell className="sp-money">{size}</TableCell>
              <TableCell>
                <code className="sp-hash">{a.sha256}</code>
              </TableCell>
              <TableCell>{dateTime(a.createdAt)}</TableCell>
              {onRemove && a.submitted ? (
                <TableCell>{t("attachments.kept")}</TableCell>
              ) : onRemove ? (
                <TableCell>
                  <Form method="post" className="sp-inline-form">
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="attachmentId" value={a.id} />
                    <Button
                      appearance="secondary-action-button"
                      type="submit"
                      disabled={navigation.state !== "idle"}
                    >
                      {t("attachments.remove")}
                      <span className="sp-visually-hidden">: {a.filename}</span>
                    </Button>
                  </Form>
                </TableCell>
              ) : null}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
