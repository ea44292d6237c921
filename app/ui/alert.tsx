import { IconAlertCircle, IconAlertTriangle, IconCircleCheck, IconInfoCircle } from "@tabler/icons-react";
import type { HTMLAttributes, ReactNode } from "react";

/**
 * The Rijkshuisstijl alert, with the same markup and icons as the library's `Alert`. The library's
 * own component looks its icon up in a map of all ~800 of its icons, which put every one of them
 * into the JavaScript of every page (about 270 KB, evaluated on each page load); here only these
 * four icons are imported (ADR 0018).
 */
export type AlertType = "info" | "ok" | "warning" | "error";

const ICON = {
  info: IconInfoCircle,
  ok: IconCircleCheck,
  warning: IconAlertTriangle,
  error: IconAlertCircle,
};

// Errors and warnings interrupt a screen reader; information and confirmations wait their turn.
const ROLE = { info: "status", ok: "status", warning: "alert", error: "alert" } as const;

export function Alert({
  type,
  children,
  className,
  ...rest
}: { type: AlertType; children?: ReactNode } & HTMLAttributes<HTMLDivElement>) {
  const Icon = ICON[type];
  return (
    <div
      {...rest}
      className={["utrecht-alert", `utrecht-alert--${type}`, className].filter(Boolean).join(" ")}
    >
      <div className="utrecht-alert__icon">
        <span className="utrecht-icon" role="presentation" aria-hidden="true">
          <Icon />
        </span>
      </div>
      <div className="utrecht-alert__content">
        <div className="utrecht-alert__message" role={ROLE[type]}>
          {children}
        </div>
      </div>
    </div>
  );
}
