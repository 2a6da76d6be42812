import { Link } from "@react-email/link";
import { Text } from "@react-email/text";
import { colors, paragraph } from "./styles";

/**
 * The link written out under a button, for mail readers that hide buttons and for people who copy it by hand; long
 * links break anywhere rather than run off a phone's screen.
 */
export function WrittenLink({ url }: { url: string }) {
  return (
    <Text style={{ ...paragraph, wordBreak: "break-all" }}>
      <Link href={url} style={{ color: colors.accent, textDecoration: "underline" }}>
        {url}
      </Link>
    </Text>
  );
}
