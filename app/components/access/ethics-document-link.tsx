import { useTranslation } from "react-i18next";
import type { EthicsDocumentSummary } from "../../domain/access/index";
import { DateTime } from "../date-time";

/** Kilobytes under a megabyte, else megabytes with one decimal: enough to tell a one-page letter from a scan. */
export function fileSizeOf(bytes: number): { unit: "kb" | "mb"; value: string } {
  if (bytes < 1024 * 1024) return { unit: "kb", value: String(Math.max(1, Math.round(bytes / 1024))) };
  return { unit: "mb", value: (bytes / (1024 * 1024)).toFixed(1) };
}

/**
 * The ethics approval document's download link (issue 27 item 7), with its size, when it was attached and its SHA-256,
 * so a reader can tell which file they hold. The file is downloaded, never shown in the app's origin.
 */
export function EthicsDocumentLink({ href, document }: { href: string; document: EthicsDocumentSummary }) {
  const { t } = useTranslation("access");
  const size = fileSizeOf(document.bytes);
  return (
    <span className="stack">
      <a href={href} download data-testid="ethics-document-link">
        {t("ethicsDocument.download", { size: t(`ethicsDocument.size.${size.unit}`, { value: size.value }) })}
      </a>
      <span className="hint">
        {t("ethicsDocument.attachedAt")} <DateTime value={document.uploadedAt} /> · SHA-256 <span className="mono">{document.sha256}</span>
      </span>
    </span>
  );
}
