/**
 * The base of every command: shared connection flags, `--json`, and one way errors leave the tool
 * (one line, hints, the exit code from errors.ts). This folder is the only part of src/lib that knows oclif.
 */
import {Command, Errors, type Interfaces, ux} from '@oclif/core'

import {AossError, ExitCode, isAossError, doctorHintFor} from '../lib/errors.js'
import {type Client, type ClientOverrides, createClient} from '../lib/connection/client.js'
import {type ConnectionSettings, resolveSettings} from '../lib/connection/settings.js'
import {stringifyExact} from '../lib/documents/exact-json.js'
import {connectionFlags, connectionInputFrom} from './flags.js'
import {GRACE_MS, type Interrupt, interruptOnSignals} from './interrupt.js'
import {painter} from './style.js'

const OVERRIDES = Symbol.for('aoss.clientOverrides')
type OverridesSlot = {[OVERRIDES]?: ClientOverrides}

export type Flags<T extends typeof Command> = Interfaces.InferredFlags<(typeof AossCommand)['baseFlags'] & T['flags']>
export type Args<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

export abstract class AossCommand<T extends typeof Command> extends Command {
  static override baseFlags = connectionFlags
  static override enableJsonFlag = true
  /** Commands whose stdout carries data (export) send `--json` errors to stderr instead. */
  static stdoutIsData = false

  /**
   * For tests: replaces the AWS credential chain and the retry timings of every client this command makes. Kept in
   * one process-wide slot: oclif loads commands in development through its own module instances, and a value set
   * on the class a test imported would not reach them.
   */
  static get clientOverrides(): ClientOverrides | undefined {
    return (globalThis as OverridesSlot)[OVERRIDES]
  }

  static set clientOverrides(value: ClientOverrides | undefined) {
    (globalThis as OverridesSlot)[OVERRIDES] = value
  }

  /**
   * Commands whose work can be resumed or is partly done when stopped (export, backup, restore): an interrupt
   * exits 3 (incomplete), as their pipelines report it. Every other command exits 130.
   */
  static interruptIsIncomplete = false

  /**
   * Commands that write (restore): after an interrupt, requests in flight finish within their timeout instead of
   * being abandoned, so every batch sent has a known outcome in the report. Reads are abandoned at once.
   */
  static finishRequestsOnInterrupt = false

  protected flags!: Flags<T>
  protected args!: Args<T>
  private cachedSettings?: ConnectionSettings
  /** SIGINT/SIGTERM, from the start: a request stalled anywhere in the command is abandoned when one arrives. */
  private interrupt?: Interrupt

  public override async init(): Promise<void> {
    await super.init()
    const incomplete = (this.ctor as unknown as typeof AossCommand).interruptIsIncomplete
    this.interrupt = interruptOnSignals(incomplete ? ExitCode.incomplete : ExitCode.interrupted)

    const {args, flags} = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (super.ctor as typeof AossCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      args: this.ctor.args,
      strict: this.ctor.strict,
    })
    this.flags = flags as Flags<T>
    this.args = args as Args<T>
  }

  /** Connection settings from flags > environment > .env. */
  protected settings(): ConnectionSettings {
    if (!this.cachedSettings) {
      this.cachedSettings = resolveSettings(connectionInputFrom(this.flags as Record<string, unknown>))
    }

    return this.cachedSettings
  }

  protected async client(): Promise<Client> {
    const ctor = this.ctor as unknown as typeof AossCommand
    const overrides = ctor.clientOverrides
    const settings = this.settings()
    if (ctor.finishRequestsOnInterrupt) {
      this.interrupt?.allowGrace(settings.requestTimeoutMs + GRACE_MS)
      return createClient(settings, overrides)
    }

    return createClient(settings, {...overrides, signal: overrides?.signal ?? this.interrupt?.signal})
  }

  /** Human output on stderr (progress, notes), silenced under --json so machines see only JSON. */
  protected note(message: string): void {
    if (!this.jsonEnabled()) process.stderr.write(`${message}\n`)
  }

  /** `--json` output; documents read from the server are printed as it sent them (documents/exact-json.ts). */
  protected override logJson(json: unknown): void {
    ux.stdout(ux.colorizeJson(stringifyExact(json, 2), {pretty: false, theme: this.config.theme?.json}))
  }

  /**
   * A run whose report is still the most useful output but whose verdict is a failure: with --json the report is
   * printed (not an error object) and the exit code carries the verdict; without, the error is printed as usual.
   */
  protected failWithReport(report: unknown, error: AossError): never {
    if (this.jsonEnabled()) {
      this.logJson(report)
      process.exitCode = error.exitCode
      this.exit(error.exitCode)
    }

    throw error
  }

  protected override toErrorJson(err: unknown): unknown {
    return {error: toAoss(err).toJSON()}
  }

  public override async catch(err: Error & {oclif?: {exit?: number}}): Promise<never> {
    // An ExitError is oclif's own "exit now with this code": pass it on untouched.
    if (err instanceof Errors.ExitError) throw err
    const error = doctorHintFor(this.interrupted(toAoss(err)), this.id)
    const debug = Boolean((this.flags as Record<string, unknown> | undefined)?.debug) || Boolean(this.cachedSettings?.debug)
    if (this.jsonEnabled()) {
      const text = JSON.stringify(this.toErrorJson(error), null, 2)
      const stream = (this.ctor as unknown as typeof AossCommand).stdoutIsData ? process.stderr : process.stdout
      stream.write(`${text}\n`)
    } else if (error.code === 'CANCELLED') {
      // The person chose to stop: say what (not) happened, without calling it an error.
      process.stderr.write(`${error.message}\n`)
    } else {
      const paint = painter(process.stderr)
      const lines = [`${paint('red', 'Error:')} ${error.message}`]
      for (const hint of error.hints) lines.push(`${paint('yellow', 'Hint:')} ${hint}`)
      if (debug) lines.push(paint('dim', (error.cause as Error | undefined)?.stack ?? error.stack ?? ''))
      process.stderr.write(`${lines.join('\n')}\n`)
    }

    process.exitCode = error.exitCode
    this.exit(error.exitCode)
    throw error // unreachable: exit() throws
  }

  public override async finally(err: Error | undefined): Promise<void> {
    this.interrupt?.dispose()
    return super.finally(err)
  }

  /**
   * After SIGINT/SIGTERM, whatever failed (an abandoned request, an aborted wait) failed because of it. A pipeline
   * that already said so — incomplete, with its resume hint — is believed.
   */
  private interrupted(error: AossError): AossError {
    const received = this.interrupt?.received
    if (!received || error.code === 'INCOMPLETE' || error.code === 'INTERRUPTED' || error.code === 'CANCELLED') return error
    const incomplete = (this.ctor as unknown as typeof AossCommand).interruptIsIncomplete
    return new AossError(incomplete ? 'INCOMPLETE' : 'INTERRUPTED', `interrupted (${received})`, {cause: error, details: {aborted: true, signal: received}})
  }
}

/** Every failure, ours or oclif's (bad flags, missing arguments), becomes an AossError. */
function toAoss(err: unknown): AossError {
  if (isAossError(err)) return err
  const e = err as Error & {oclif?: {exit?: number}}
  if (e?.oclif?.exit === 2 || e instanceof Errors.CLIError) {
    // oclif's messages may open with a heading ("The following error occurred:") and end with a help pointer;
    // the reason itself is the first line that is neither.
    const lines = (e.message ?? String(err))
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !/^See more help with --help$/.test(line) && !/errors? occurred:$/.test(line))
    // A missing argument: name it (oclif's wrapped description and its notes on multi-value flags read badly).
    const missing = (e as {args?: Array<{name: string}>}).args
    if (Array.isArray(missing) && /^Missing \d+ required arg/.test(lines[0] ?? '')) {
      return new AossError('USAGE', `missing argument: ${missing.map((arg) => arg.name.toUpperCase()).join(', ')}`, {
        hints: ['See --help for usage and examples.'],
      })
    }

    return new AossError('USAGE', lines[0] ?? 'invalid usage', {hints: [...lines.slice(1), 'See --help for usage and examples.']})
  }

  return new AossError('UNEXPECTED', e?.message ?? String(err), {cause: err})
}
