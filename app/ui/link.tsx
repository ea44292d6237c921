import type { AnchorHTMLAttributes, Ref } from "react";

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & {
  /** The library's inline variant (rhc-link--inline). */
  inline?: boolean;
  ref?: Ref<HTMLAnchorElement>;
};

/**
 * The Rijkshuisstijl link, rendering exactly the library's markup (design-system.test.tsx compares
 * both). The library's Link wraps the NL Design System candidate's, and each layer copies its props
 * through Babel's object-spread helpers: about 6% of the server's CPU for the finance dashboard,
 * whose tables hold some 250 links (ADR 0018). A link here is never "disabled", as there.
 */
export function Link({
  "aria-current": ariaCurrent,
  className,
  href,
  inline,
  ref,
  children,
  ...rest
}: LinkProps) {
  const classes = ["nl-link", "rhc-link", inline && "rhc-link--inline", className];
  return (
    <a
      aria-current={ariaCurrent}
      aria-disabled={false}
      className={classes.filter(Boolean).join(" ")}
      href={href}
      ref={ref}
      {...rest}
    >
      {children}
    </a>
  );
}
