import {useEffect, useState} from 'preact/hooks'

import {api} from '../api.js'

/** Index names for pickers (from the same health call as the dashboard). */
export function useIndices(): string[] {
  const [names, setNames] = useState<string[]>([])
  useEffect(() => {
    api<{indices: Array<{index: string}>}>('/health').then((h) => setNames(h.indices.map((row) => row.index)), () => setNames([]))
  }, [])
  return names
}
