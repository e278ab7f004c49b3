/**
 * `aoss nosuch --json` must answer in JSON like every other failure under --json; plugin-not-found prints text.
 * This runs before it (init), only when JSON was asked for and the id names neither a command nor a topic, and
 * ends the run with the same exit code the plugin uses (127).
 */
import {type Hook, toConfiguredId} from '@oclif/core'

import {AossError, ExitCode} from '../lib/errors.js'

const hook: Hook<'init'> = async function ({argv, config, id}) {
  if (!id || id.startsWith('-') || config.findCommand(id) || config.findTopic(id)) return
  const json = argv.includes('--json') || (process.env.AOSS_CONTENT_TYPE ?? '').toLowerCase() === 'json'
  if (!json) return
  const error = new AossError('USAGE', `unknown command: ${toConfiguredId(id, config)}`, {
    exitCode: ExitCode.commandNotFound,
    hints: [`Run ${config.bin} help for a list of available commands.`],
  })
  process.stdout.write(`${JSON.stringify({error: error.toJSON()}, null, 2)}\n`)
  this.exit(ExitCode.commandNotFound)
}

export default hook
