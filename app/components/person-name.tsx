import { FuriganaCorrections } from "@tsunagi/furigana-jsx/furigana";
import { useMemo } from "react";
import { nameReadingCorrections } from "../domain/text/index";
import { UserText } from "./user-text";

/**
 * A person's (or an institution's, a place's) name, shown as UserText shows what someone typed, and read on a
 * やさしい日本語 page as its bearer registered it (`reading`, the ふりがな given at enrolment) or not at all: never as
 * the dictionary guesses it (三子 as みつご). The reading comes from the one rule for names (ADR 123), the same that
 * the root applies to a signed-in person's own names inside sentences.
 */
export function PersonName({ name, reading, className }: { name: string; reading?: string | null; className?: string }) {
  const corrections = useMemo(() => nameReadingCorrections([{ name, reading }]), [name, reading]);
  return (
    <FuriganaCorrections corrections={corrections}>
      <UserText text={name} className={className} />
    </FuriganaCorrections>
  );
}
