/**
 * Turns a failed write, sync or open of export's output into a sentence a person can act on. A full disk or an
 * I/O error stops the export partway, so it exits 3 (incomplete), like every other export that stopped early;
 * the checkpoint only ever records data that was flushed before it, so `--resume` continues once the cause is
 * fixed (export adds that hint where a checkpoint exists).
 */
import {AossError} from '../errors.js'

interface Explained {
  why: string
  hint: string
}

const explained: Record<string, (target: string) => Explained> = {
  ENOSPC: (target) => ({why: 'the disk is full', hint: `Free some space on the disk that holds ${where(target)}.`}),
  EDQUOT: (target) => ({why: 'the disk quota is used up', hint: `Free some space, or raise the quota, on the disk that holds ${where(target)}.`}),
  EIO: () => ({why: 'an I/O error (the disk or network share failed)', hint: 'Check the disk (dmesg, a removed drive, a network share that went away).'}),
  EFBIG: () => ({why: 'the file reached the largest size the file system allows', hint: 'Write to another file system, or compress with --gzip.'}),
  EROFS: () => ({why: 'the file system is read-only', hint: 'Write to another place.'}),
}

function where(target: string): string {
  return target === 'stdout' ? 'the file stdout is redirected to' : target
}

/** An AossError for an errno failure on `target`; anything else (ours already, or not from the system) as is. */
export function outputError(error: unknown, target: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (error instanceof AossError || typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return error
  const known = explained[code]?.(target)
  if (known) return new AossError('INCOMPLETE', `cannot write to ${target}: ${known.why} (${code})`, {hints: [known.hint], cause: error})
  return new AossError('UNEXPECTED', `cannot write to ${target}: ${(error as Error).message}`, {cause: error})
}
