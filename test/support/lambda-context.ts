/**
 * A fake AWS Lambda context for calling handlers in-process. It mirrors the Node.js runtime's context object;
 * @types/aws-lambda is not a dependency, so the shape is declared here.
 */
import { randomUUID } from 'node:crypto';

export interface LambdaContext {
  callbackWaitsForEmptyEventLoop: boolean;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  getRemainingTimeInMillis(): number;
  /** Legacy callbacks the runtime still provides; handlers should not use them. */
  done(error?: Error, result?: unknown): void;
  fail(error: Error | string): void;
  succeed(result: unknown): void;
}

export interface FakeContextOptions {
  /**
   * A number starts a real countdown from now, as Lambda's deadline does; a function is asked on every call,
   * so a test can drive the clock (e.g. return 10_000, then 500 to simulate the timeout approaching).
   */
  remainingMs: number | (() => number);
  functionName?: string;
  invokedFunctionArn?: string;
  memoryLimitInMB?: number;
}

export function fakeContext(options: FakeContextOptions): LambdaContext {
  const functionName = options.functionName ?? 'aoss-backup';
  const { remainingMs } = options;
  const deadline = typeof remainingMs === 'number' ? Date.now() + remainingMs : undefined;
  const remaining = typeof remainingMs === 'function' ? remainingMs : () => Math.max(0, deadline! - Date.now());
  const notSupported = (name: string) => () => {
    throw new Error(`context.${name}() is not supported by the fake context; return or throw from the handler`);
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: options.invokedFunctionArn ?? `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: String(options.memoryLimitInMB ?? 512),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `2026/01/01/[$LATEST]${randomUUID().replace(/-/g, '')}`,
    getRemainingTimeInMillis: () => remaining(),
    done: notSupported('done'),
    fail: notSupported('fail'),
    succeed: notSupported('succeed'),
  };
}
