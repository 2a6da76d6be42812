/**
 * Whether a process with this id exists on this machine: signal 0 checks without sending anything; EPERM means it
 * exists under another user. For files and names that carry the pid of the process that made them (a rotation's lock,
 * a test run's databases), so that what a dead process left behind can be taken over or dropped.
 */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
