/**
 * When the tool may ask a question: only with a person at a terminal. Piped input, `--json` and CI runs never
 * get a prompt; they get an error that names the flag to pass instead.
 */

/** CI systems set CI (GitHub Actions, GitLab, CircleCI, Travis, Buildkite…); "false" and "0" mean no. */
export function inCI(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CI
  return value !== undefined && value !== '' && value !== 'false' && value !== '0'
}

/** A terminal on both ends of a prompt: keys come from stdin, the prompt draws on stderr. */
export function hasTerminal(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY)
}

/** Whether a confirmation may be asked rather than required as a flag. */
export function mayConfirm(json: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  return !json && hasTerminal() && !inCI(env)
}
