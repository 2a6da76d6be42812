import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { publicDownload, publicDownloadRefusal } from "./+support/public-download";
import { figureCsv, figureJson } from "../../domain/transparency/index.server";
import { loadLatestSnapshot, loadSnapshot } from "../../domain/transparency/index.server";
import { FigureIdSchema } from "../../domain/transparency/index";

const FileSchema = z.string().regex(/^[a-z-]{1,40}\.(csv|json)$/);
const SnapshotSchema = z.uuid().optional();

/**
 * `/transparency/figures/<id>.csv` and `.json` (issue 16 item 1): one figure as published, with the time it was
 * computed and the chain head then. `?snapshot=<id>` names an older snapshot (a report's frozen one).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const file = FileSchema.safeParse(params.file);
  const snapshotId = SnapshotSchema.safeParse(url.searchParams.get("snapshot") ?? undefined);
  if (!file.success || !snapshotId.success || url.searchParams.getAll("snapshot").length > 1) return publicDownloadRefusal(request, 400);
  const [name, extension] = file.data.split(".") as [string, "csv" | "json"];
  const id = FigureIdSchema.safeParse(name);
  if (!id.success) return publicDownloadRefusal(request, 404);
  const snapshot = snapshotId.data ? await loadSnapshot(snapshotId.data) : await loadLatestSnapshot();
  const figure = snapshot?.content.figures.find((candidate) => candidate.id === id.data);
  if (!snapshot || !figure) return publicDownloadRefusal(request, 404);
  return extension === "csv"
    ? publicDownload(figureCsv(figure, snapshot), { name: `tsunagi-${figure.id}.csv`, contentType: "text/csv; charset=utf-8; header=present", attachment: true })
    : publicDownload(JSON.stringify(figureJson(figure, snapshot), null, 2), { name: `tsunagi-${figure.id}.json`, contentType: "application/json; charset=utf-8", attachment: false });
}
