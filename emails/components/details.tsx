import { Section } from "@react-email/section";
import { Text } from "@react-email/text";
import { colors, paragraph } from "./styles";

type EmailDetailsProps = { rows: ReadonlyArray<{ label: string; value: string }> };

/**
 * Label/value pairs (when, which device…). Plain paragraphs rather than a table so screen readers and the
 * plain-text part read them as "label: value" lines.
 */
export function EmailDetails({ rows }: EmailDetailsProps) {
  return (
    <Section
      style={{ border: `1px solid ${colors.border}`, borderRadius: "6px", padding: "12px 16px", margin: "0 0 20px" }}
    >
      {rows.map((row) => (
        <Text key={row.label} style={{ ...paragraph, margin: "4px 0", wordBreak: "break-word" }}>
          <strong>{row.label}:</strong> {row.value}
        </Text>
      ))}
    </Section>
  );
}
