/**
 * The top self-time entries of a V8 CPU profile (`--cpu-prof`; BENCH_CPU_PROF_DIR makes the bench's children write
 * one): `npx tsx bench/bridge/summarise-cpu-profile.ts <file.cpuprofile> [top, default 15]`. Entries are functions
 * (name, file, line); "(program)", "(garbage collector)" and "(idle)" are V8's own.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export function summariseCpuProfile(file: string, top = 15): string[] {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<string, number>();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index + 1] ?? 0;
    const frame = nodes.get(id)!.callFrame;
    if (frame.functionName === "(idle)") {
      idle += delta;
      return;
    }
    total += delta;
    const where = frame.url ? ` ${frame.url.replace(/^file:\/\//, "").replace(/^.*\/node_modules\//, "~/").replace(/^.*\/wt-[^/]+\//, "")}:${frame.lineNumber + 1}` : "";
    const key = `${frame.functionName || "(anonymous)"}${where}`;
    selfMicros.set(key, (selfMicros.get(key) ?? 0) + delta);
  });
  const lines = [`busy ${(total / 1e6).toFixed(1)} s of ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s (idle ${(idle / 1e6).toFixed(1)} s); top self time:`];
  for (const [key, micros] of [...selfMicros].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(`  ${((micros / total) * 100).toFixed(1).padStart(5)} %  ${(micros / 1e3).toFixed(0).padStart(6)} ms  ${key}`);
  }
  return lines;
}

/**
 * The top entries by inclusive time (the function and everything it called), each counted once per sample however
 * deep it recurs: where a long request's time goes by step (the body's parse, the filter, the signature…).
 */
export function summariseInclusive(file: string, top = 15): string[] {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const keyOf = (frame: ProfileNode["callFrame"]) =>
    `${frame.functionName || "(anonymous)"}${frame.url ? ` ${frame.url.replace(/^file:\/\//, "").replace(/^.*\/node_modules\//, "~/").replace(/^.*\/wt-[^/]+\//, "")}:${frame.lineNumber + 1}` : ""}`;
  const inclusive = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index + 1] ?? 0;
    if (nodes.get(id)!.callFrame.functionName === "(idle)") return;
    total += delta;
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parents.get(current)) {
      const key = keyOf(nodes.get(current)!.callFrame);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + delta);
    }
  });
  const lines = [`top inclusive time of ${(total / 1e6).toFixed(1)} s busy:`];
  for (const [key, micros] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(`  ${((micros / total) * 100).toFixed(1).padStart(5)} %  ${(micros / 1e3).toFixed(0).padStart(6)} ms  ${key}`);
  }
  return lines;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error("usage: npx tsx bench/bridge/summarise-cpu-profile.ts <file.cpuprofile> [top]");
    process.exit(2);
  }
  console.log(summariseCpuProfile(file, Number(top ?? 15)).join("\n"));
}
