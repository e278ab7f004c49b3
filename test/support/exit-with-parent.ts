/**
 * For the long-running helpers started through `npm run …` (emulator, S3 stand-in): npm runs them under `sh -c`, and
 * killing npm's PID leaves the server orphaned with its port still answering. A process whose parent goes away is
 * re-parented (to PID 1 or a subreaper), so a changed `process.ppid` means "whoever started me is gone": stop too.
 */
export function exitWithParent(stop: () => Promise<void>, everyMs = 500, graceMs = 2000): void {
  const parent = process.ppid
  const timer = setInterval(() => {
    if (process.ppid === parent) return
    clearInterval(timer)
    // A clean stop waits for open keep-alive connections (a client still polling the port keeps one), so it may never
    // end on its own; nobody waits for this process any more, so it gets a short grace and then goes.
    setTimeout(() => process.exit(0), graceMs).unref()
    stop().finally(() => process.exit(0))
  }, everyMs)
  // The server keeps the process alive; this watch must not.
  timer.unref()
}
