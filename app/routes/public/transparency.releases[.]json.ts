import type { LoaderFunctionArgs } from "@remix-run/node";
import { publicDownload, publicDownloadRefusal } from "./+support/public-download";
import { releaseLogJson } from "../../domain/transparency/index.server";
import { loadLatestSnapshot } from "../../domain/transparency/index.server";

/** Every release as the public log shows it (issue 16 item 1), as JSON with the snapshot's time and chain head. */
export async function loader({ request }: LoaderFunctionArgs) {
  const snapshot = await loadLatestSnapshot();
  if (!snapshot) return publicDownloadRefusal(request, 404);
  return publicDownload(JSON.stringify(releaseLogJson(snapshot), null, 2), { name: "tsunagi-releases.json", contentType: "application/json; charset=utf-8", attachment: false });
}
