/**
 * Where settings come from besides flags: the environment, then a `.env` file in the working directory. Every
 * resolver (connection, S3, backup target) reads through one of these, so the precedence is the same everywhere
 * and an entry point without a working directory of its own (the Lambda, the Step Functions tasks) says so
 * explicitly instead of pointing at a folder that does not exist.
 */
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {parseEnv} from 'node:util'

import {usageError} from '../errors.js'

export interface SettingSources {
  env: NodeJS.ProcessEnv
  /** The `.env` file's variables; never copied into process.env, so the real environment always wins. */
  dotEnv: Readonly<Record<string, string>>
}

export interface SourceOptions {
  env?: NodeJS.ProcessEnv
  /** Folder whose `.env` is read (default the working directory). */
  cwd?: string
  /** false: no `.env` at all (Lambda, Step Functions). */
  dotEnv?: boolean
}

export function settingSources(options: SourceOptions = {}): SettingSources {
  return {
    env: options.env ?? process.env,
    dotEnv: options.dotEnv === false ? {} : readDotEnv(options.cwd ?? process.cwd()),
  }
}

/** The first of `names` set (and not empty) in the environment, then in `.env`. */
export function pickSetting(sources: SettingSources, ...names: readonly string[]): string | undefined {
  for (const source of [sources.env, sources.dotEnv]) {
    for (const name of names) {
      const value = source[name]
      if (value !== undefined && value !== '') return value
    }
  }

  return undefined
}

export function readDotEnv(cwd: string): Record<string, string> {
  const file = join(cwd, '.env')
  if (!existsSync(file)) return {}
  try {
    return parseEnv(readFileSync(file, 'utf8')) as Record<string, string>
  } catch (error) {
    throw usageError(`could not read ${file}: ${(error as Error).message}`, 'Fix or remove the .env file.')
  }
}
