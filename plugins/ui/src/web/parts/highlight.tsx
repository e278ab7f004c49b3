/** `<em>red</em> shoes` → text with <mark>red</mark>: split on the tags and render text only, never HTML. */
export function Highlight({fragment}: {fragment: string}) {
  const parts = fragment.split(/<em>(.*?)<\/em>/g)
  return <>{parts.map((part, i) => (i % 2 === 1 ? <mark>{part}</mark> : part))}</>
}
