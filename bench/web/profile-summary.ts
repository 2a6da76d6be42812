/**
 * The top self-time entries of a V8 CPU profile (`node --cpu-prof`'s .cpuprofile, or the inspector's Profiler.stop):
 * samples counted per function (name, file, line), as a share of the samples the process was not idle. What the
 * web bench prints per page under load (BENCH_WEB_PROFILE=1) and bench/RESULTS.md records (issue 30 item 2).
 */
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
}

export interface SelfTimeEntry {
  functionName: string;
  file: string;
  percent: number;
}

const root = path.resolve(import.meta.dirname, "../..");

/** A file as the reader of RESULTS.md finds it: repository-relative, a package by its name. */
function shortFile(url: string, line: number): string {
  if (!url) return "(native)";
  let file = url.replace(/^file:\/\//, "");
  const modules = file.lastIndexOf("node_modules/");
  if (modules >= 0) file = file.slice(modules + "node_modules/".length);
  else if (file.startsWith(root)) file = path.relative(root, file);
  return `${file}:${line + 1}`;
}

export function topSelfTime(profile: CpuProfile, count = 10): SelfTimeEntry[] {
  const hits = new Map<number, number>();
  if (profile.samples) for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const byFunction = new Map<string, SelfTimeEntry & { hits: number }>();
  let busy = 0;
  for (const node of profile.nodes) {
    const nodeHits = profile.samples ? (hits.get(node.id) ?? 0) : (node.hitCount ?? 0);
    if (nodeHits === 0 || node.callFrame.functionName === "(idle)") continue;
    busy += nodeHits;
    const file = shortFile(node.callFrame.url, node.callFrame.lineNumber);
    const functionName = node.callFrame.functionName || "(anonymous)";
    const key = `${functionName} ${file}`;
    const entry = byFunction.get(key) ?? { functionName, file, percent: 0, hits: 0 };
    entry.hits += nodeHits;
    byFunction.set(key, entry);
  }
  return [...byFunction.values()]
    .sort((a, b) => b.hits - a.hits)
    .slice(0, count)
    .map(({ functionName, file, hits: entryHits }) => ({ functionName, file, percent: (entryHits / Math.max(1, busy)) * 100 }));
}

/** The entries as Markdown table rows: `| 1 | name | file | 12.3 % |`. */
export function selfTimeRows(entries: SelfTimeEntry[]): string[] {
  return entries.map((entry, index) => `| ${index + 1} | \`${entry.functionName}\` | ${entry.file} | ${entry.percent.toFixed(1)} % |`);
}
