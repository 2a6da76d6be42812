import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { userInfo } from "node:os";

/**
 * A command from a Debian package the suite needs (snakemake for the workflow test, promtool for the alert rules): on
 * PATH, else installed with apt-get when the suite runs as root on Debian, else a failure that says what to install.
 * Never a skip: without it the test proves nothing.
 */
export function findDebianCommand(command: string, debianPackage: string, neededBy: string): string {
  const onPath = () => {
    try {
      return execFileSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" }).trim() || undefined;
    } catch {
      return undefined;
    }
  };
  const found = onPath();
  if (found) return found;
  const hint = `${command} is needed by ${neededBy}: install Debian's package (\`sudo apt-get install ${debianPackage}\`)`;
  if (userInfo().uid === 0 && existsSync("/usr/bin/apt-get")) {
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    try {
      // A fresh machine may have no package lists yet.
      execFileSync("apt-get", ["update"], { stdio: "ignore", env, timeout: 300_000 });
      execFileSync("apt-get", ["install", "-y", "--no-install-recommends", debianPackage], { stdio: "ignore", env, timeout: 600_000 });
    } catch (error) {
      throw new Error(`${hint}; apt-get failed: ${(error as Error).message}`, { cause: error });
    }
    const installed = onPath();
    if (installed) return installed;
  }
  throw new Error(`${hint}.`);
}
