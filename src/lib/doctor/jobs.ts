/**
 * What each job needs from an OpenSearch Serverless data access policy (aoss-facts §1/§2: which permission gates
 * which API). Index permissions apply to `index/<collection>/<index>`, collection ones to `collection/<collection>`.
 */
import type {DoctorJob} from './types.js'

export interface NeededPermissions {
  index: string[]
  collection: string[]
}

const READ = ['aoss:ReadDocument', 'aoss:DescribeIndex']
const WRITE = ['aoss:WriteDocument', 'aoss:CreateIndex', 'aoss:DescribeIndex']

export function neededPermissions(job: DoctorJob | undefined): NeededPermissions {
  switch (job) {
    case 'export':
    case 'backup':
      return {index: READ, collection: []}
    case 'restore':
      return {index: WRITE, collection: []}
    case 'copy':
      return {index: [...new Set([...READ, ...WRITE])], collection: []}
    case 'ui':
      return {index: [...READ, 'aoss:WriteDocument'], collection: ['aoss:DescribeCollectionItems']}
    default:
      return {index: ['aoss:DescribeIndex'], collection: []}
  }
}

/** Backup and restore go through S3. */
export const usesS3 = (job: DoctorJob | undefined): boolean => job === 'backup' || job === 'restore'
