/** Five pages, one document: the address bar follows the page so reload and back work. */
import {useEffect, useState} from 'preact/hooks'

export function usePath(): [string, (path: string) => void] {
  const [path, setPath] = useState(location.pathname + location.search)
  useEffect(() => {
    const onPop = () => setPath(location.pathname + location.search)
    addEventListener('popstate', onPop)
    return () => removeEventListener('popstate', onPop)
  }, [])
  const go = (next: string) => {
    history.pushState(null, '', next)
    setPath(next)
  }

  return [path, go]
}

export function param(path: string, name: string): string | undefined {
  return new URL(path, location.origin).searchParams.get(name) ?? undefined
}
