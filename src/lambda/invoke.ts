/** Starts the next invocation of a paused backup: an asynchronous invoke of this same function. */
import {AossError} from '../lib/errors.js'

export function lambdaInvoker(env: NodeJS.ProcessEnv): (functionArn: string, event: object) => Promise<void> {
  return async (functionArn, event) => {
    const {InvokeCommand, LambdaClient} = await import('@aws-sdk/client-lambda')
    const client = new LambdaClient({region: env.AWS_REGION})
    try {
      const response = await client.send(new InvokeCommand({FunctionName: functionArn, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(event))}))
      if (response.StatusCode !== 202) throw new Error(`asynchronous invoke answered ${response.StatusCode}`)
    } catch (error) {
      throw new AossError('UNEXPECTED', `could not start the next invocation: ${(error as Error).message}`, {
        cause: error,
        hints: ['The function role needs lambda:InvokeFunction on the function itself. The checkpoint is stored; invoke again with the continuation to resume.'],
      })
    } finally {
      client.destroy()
    }
  }
}
