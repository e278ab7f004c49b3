import {ApiError} from '../api.js'

/** An error as the terminal shows it: the message, then the hints. */
export function ErrorBox({error}: {error: unknown}) {
  if (!error) return null
  const body = error instanceof ApiError ? error.body : {message: String((error as Error)?.message ?? error), hints: []}
  return (
    <div class="error" role="alert">
      <strong>Error:</strong> {body.message}
      {body.hints?.length ? <ul>{body.hints.map((hint) => <li><code>{hint}</code></li>)}</ul> : null}
    </div>
  )
}
