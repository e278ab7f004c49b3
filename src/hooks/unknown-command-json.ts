/**
 * An unknown command answers here, before @oclif/plugin-not-found can: that plugin offers to run the single
 * closest command (a typo of `search` once offered `restore`) and, without a terminal, says nothing useful. Here
 * every unknown command gets the close commands as a list to copy (read-only ones first; see suggest-command.ts),
 * in text or, under --json, in JSON like every other failure, with the plugin's exit code (127).
 */
import {type Hook, toConfiguredId} from '@oclif/core'

import {suggestCommands} from '../cli/suggest-command.js'
import {AossError, ExitCode} from '../lib/errors.js'

const hook: Hook<'init'> = async function ({argv, config, id}) {
  if (!id || id.startsWith('-') || config.findCommand(id) || config.findTopic(id)) return
  const typed = [toConfiguredId(id, config), ...argv.filter((arg) => !arg.startsWith('-')).slice(0, 1)].join(' ')
  const close = suggestCommands(typed, config.commandIDs)
  const error = new AossError('USAGE', `unknown command: ${toConfiguredId(id, config)}`, {
    exitCode: ExitCode.commandNotFound,
    hints: [
      ...(close.length > 0 ? [`Did you mean ${close.map((c) => `${config.bin} ${c}`).join(', or ')}?`] : []),
      `Run ${config.bin} help for a list of available commands.`,
    ],
  })
  const json = argv.includes('--json') || (process.env.AOSS_CONTENT_TYPE ?? '').toLowerCase() === 'json'
  if (json) process.stdout.write(`${JSON.stringify({error: error.toJSON()}, null, 2)}\n`)
  else process.stderr.write(`Error: ${error.message}\n${error.hints.map((hint) => `Hint: ${hint}`).join('\n')}\n`)
  this.exit(ExitCode.commandNotFound)
}

export default hook
