import { Button } from "@react-email/button";
import type { ReactNode } from "react";
import { colors } from "./styles";

type EmailButtonProps = { href: string; children: ReactNode };

/** A large, full-contrast call to action; big enough to hit with a thumb. */
export function EmailButton({ href, children }: EmailButtonProps) {
  return (
    <Button
      href={href}
      style={{
        backgroundColor: colors.accent,
        color: "#ffffff",
        fontSize: "18px",
        fontWeight: 700,
        lineHeight: "1.4",
        textDecoration: "none",
        textAlign: "center",
        borderRadius: "6px",
        padding: "14px 24px",
        display: "inline-block",
      }}
    >
      {children}
    </Button>
  );
}
