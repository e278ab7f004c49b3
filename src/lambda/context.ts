/** The subset of the Lambda context the handlers use. */
export interface LambdaContextLike {
  awsRequestId?: string
  invokedFunctionArn: string
  getRemainingTimeInMillis(): number
}
