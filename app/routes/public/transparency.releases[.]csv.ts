import type { LoaderFunctionArgs } from "@remix-run/node";
import { publicDownload, publicDownloadRefusal } from "./+support/public-download";
import { releaseLogCsv } from "../../domain/transparency/index.server";
import { loadLatestSnapshot } from "../../domain/transparency/index.server";

/** Every release as the public log shows it (issue 16 item 1), with the snapshot's time and chain head. */
export async function loader({ request }: LoaderFunctionArgs) {
  const snapshot = await loadLatestSnapshot();
  if (!snapshot) return publicDownloadRefusal(request, 404);
  return publicDownload(releaseLogCsv(snapshot), { name: "tsunagi-releases.csv", contentType: "text/csv; charset=utf-8; header=present", attachment: true });
}
