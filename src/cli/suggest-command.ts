/**
 * What to say for a mistyped command. oclif's plugin-not-found picks the single closest id and, on a terminal,
 * offers to run it: `aoss serch inventory` offered `restore`, a command that writes. Here a typo only ever gets a
 * list of close commands to copy (never run), and a command that writes only when the typo is closest to it.
 */

/** Commands that change data somewhere (an index, a bucket, a file the user named). */
const WRITES = new Set(['backup', 'copy', 'restore', 'doc put', 'doc delete', 'index create', 'index delete'])

export function suggestCommands(typed: string, ids: string[], max = 3): string[] {
  const wanted = typed.replaceAll(':', ' ').trim().toLowerCase()
  const scored = ids
    .map((id) => id.replaceAll(':', ' '))
    .filter((id) => !id.startsWith('plugins') && !id.startsWith('autocomplete'))
    .map((id) => ({id, distance: closeness(wanted, id)}))
    .filter(({id, distance}) => distance <= Math.max(2, Math.floor(id.length / 3)))
    .sort((a, b) => a.distance - b.distance || Number(WRITES.has(a.id)) - Number(WRITES.has(b.id)) || a.id.localeCompare(b.id))
  const reads = scored.filter(({id}) => !WRITES.has(id))
  // When a read-only command is at least as close as any that writes, the typo was a read: writes are left out.
  // Only a typo that is closer to a writing command than to every other (`restor`) gets it suggested.
  const picked = reads.length > 0 && reads[0]!.distance <= scored[0]!.distance ? reads : scored
  return picked.slice(0, max).map(({id}) => id)
}

/** Edit distance to the id, or to its first word when only that was typed with arguments after it. */
function closeness(typed: string, id: string): number {
  const words = typed.split(/\s+/)
  const sameLength = words.slice(0, id.split(' ').length).join(' ')
  return Math.min(levenshtein(typed, id), levenshtein(sameLength, id))
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({length: b.length + 1}, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }

    previous = current
  }

  return previous[b.length]!
}
