export function count(n: number | undefined): string {
  return n === undefined ? '—' : n.toLocaleString('en')
}

export function bytes(n: number | undefined): string {
  if (n === undefined) return '—'
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = n
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }

  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`
}
