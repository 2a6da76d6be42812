import { useTranslation } from "react-i18next";
import type { ReleaseLogEntry } from "../../domain/transparency/index";
import { DateTime } from "../date-time";
import { useFigureLabels } from "./figure-view";
import { TableScroll } from "../table-scroll";

/** The public release log's rows (issue 16 item 1): one table for the dashboard's newest ten and the full log's pages. */
export function ReleaseLogTable({ releases, caption }: { releases: readonly ReleaseLogEntry[]; caption: string }) {
  const { t } = useTranslation("transparency");
  const { label, count } = useFigureLabels();
  return (
    <TableScroll labelledBy="release-log-caption">
      <table className="release-log">
        <caption id="release-log-caption">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("releaseLog.time")}</th>
            <th scope="col">{t("releaseLog.approval")}</th>
            <th scope="col">{t("releaseLog.dataset")}</th>
            <th scope="col">{t("releaseLog.recipient")}</th>
            <th scope="col">{t("releaseLog.released")}</th>
            <th scope="col">{t("releaseLog.excluded")}</th>
            <th scope="col">{t("releaseLog.hash")}</th>
          </tr>
        </thead>
        <tbody>
          {releases.map((release) => (
            <tr key={release.releaseId} data-release={release.releaseId}>
              <td>
                <DateTime value={release.createdAt} withUtc />
              </td>
              <td>{release.approvalReference ? <a href={`/register/${encodeURIComponent(release.approvalReference)}`}>{release.approvalReference}</a> : t("releaseLog.public")}</td>
              <td className="mono">{release.datasetId}</td>
              <td>{label("recipient", release.recipient)}</td>
              <td className="numeric">{count(release.released)}</td>
              <td className="numeric">{count(release.excluded)}</td>
              <td className="mono">{release.manifestSha256}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
