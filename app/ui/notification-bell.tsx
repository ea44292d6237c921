import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import "./notifications.css";

/**
 * The bell in the header: a link to /meldingen with the number of unread notifications. The count
 * is in the accessible name ("Meldingen, 3 ongelezen"), the visible badge is hidden from screen
 * readers so it is not read twice; at 0 there is no badge and no number.
 */
export function NotificationBell({ unread }: { unread: number }) {
  const { t } = useTranslation();
  const label = unread > 0 ? t("bell.labelUnread", { count: unread }) : t("bell.label");
  return (
    <Link to="/meldingen" className="sp-bell" aria-label={label} data-testid="notification-bell">
      <svg
        className="sp-bell__icon"
        aria-hidden="true"
        focusable="false"
        width="18"
        height="18"
        viewBox="0 0 24 24"
      >
        <path
          fill="currentColor"
          d="M12 22a2 2 0 0 0 2-2h-4a2 2 0 0 0 2 2zm6-6v-5c0-3.07-1.64-5.64-4.5-6.32V4a1.5 1.5 0 0 0-3 0v.68C7.63 5.36 6 7.92 6 11v5l-2 2v1h16v-1l-2-2z"
        />
      </svg>
      <span>{t("bell.label")}</span>
      {unread > 0 ? (
        <span className="sp-bell__count" aria-hidden="true">
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </Link>
  );
}
