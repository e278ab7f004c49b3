/** The shape of AWS credentials as the client factory, role chaining and doctor pass them around. */
export interface AwsCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
  expiration?: Date
}

export type CredentialProvider = () => Promise<AwsCredentials>
