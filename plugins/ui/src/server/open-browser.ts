/** Opens a URL in the desktop's browser, best effort: a headless machine simply has none, and the URL is printed. */
import {spawn} from 'node:child_process'

export function openBrowser(url: string): void {
  const [command, args] = process.platform === 'darwin' ? ['open', [url]]
    : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]]
      : ['xdg-open', [url]]
  try {
    const child = spawn(command, args as string[], {detached: true, stdio: 'ignore'})
    child.on('error', () => {})
    child.unref()
  } catch {
    // No opener: the printed URL is enough.
  }
}
