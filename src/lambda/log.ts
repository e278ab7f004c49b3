/** One JSON object per line on stdout: CloudWatch Logs Insights can filter and aggregate on the fields. */

export type Logger = (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void

export function structuredLogger(sink: ((line: string) => void) | undefined, requestId: string | undefined): Logger {
  const write = sink ?? ((line: string) => process.stdout.write(`${line}\n`))
  return (level, msg, fields = {}) => write(JSON.stringify({time: new Date().toISOString(), level, msg, ...(requestId ? {requestId} : {}), ...fields}))
}
