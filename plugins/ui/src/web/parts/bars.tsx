/** A horizontal bar per index: small, readable without colour (the number is printed), drawn as plain SVG. */
export interface Bar {
  label: string
  value: number
}

export function Bars({title, bars, format}: {title: string, bars: Bar[], format: (n: number) => string}) {
  const max = Math.max(1, ...bars.map((bar) => bar.value))
  const row = 22
  return (
    <figure class="bars">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 400 ${bars.length * row}`} width="100%" role="img" aria-label={title}>
        {bars.map((bar, i) => (
          <g transform={`translate(0 ${i * row})`}>
            <text x="0" y="15" class="bar-label">{bar.label.length > 18 ? `${bar.label.slice(0, 17)}…` : bar.label}</text>
            <rect x="130" y="4" height="14" width={Math.max(1, (bar.value / max) * 190)} class="bar" />
            <text x={136 + (bar.value / max) * 190} y="15" class="bar-value">{format(bar.value)}</text>
          </g>
        ))}
      </svg>
    </figure>
  )
}
