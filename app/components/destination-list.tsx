import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

export interface DestinationItem {
  id: string;
  path: string;
  /** i18n keys ("namespace:key"), from app/domain/authz/destinations.ts. */
  title: string;
  body?: string;
}

/** The staff and admin pages' list of where this person can go: a link each, with the sentence saying what it is for. */
export function DestinationList({ items, children }: { items: readonly DestinationItem[]; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <ul className="list-plain">
      {items.map((item) => (
        <li key={item.id}>
          <a href={item.path}>{t(item.title)}</a>
          {item.body ? (
            <>
              <br />
              <span className="hint">{t(item.body)}</span>
            </>
          ) : null}
        </li>
      ))}
      {children}
    </ul>
  );
}
