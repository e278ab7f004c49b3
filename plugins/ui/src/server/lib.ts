/**
 * Everything the page's server takes from the core library, in one place. The plugin calls only these entry
 * points, so when the library's files move only the paths below change. esbuild bundles them into the plugin's
 * dist/ at build time; in development (bin/dev.js, tests) tsx runs them straight from the repository's src/.
 */
export {AossCommand} from '../../../../src/cli/base-command.js'
export {bucketFlags, s3Flags} from '../../../../src/cli/s3-flags.js'

export {type Client, createClient} from '../../../../src/lib/connection/client.js'
export type {ConnectionSettings} from '../../../../src/lib/connection/settings.js'
export {probeServer} from '../../../../src/lib/connection/flavour.js'
export {AossError, isAossError} from '../../../../src/lib/errors.js'

export {getHealth} from '../../../../src/lib/cluster/health.js'
export {buildCreateBody} from '../../../../src/lib/cluster/create-body.js'
export {createIndex} from '../../../../src/lib/cluster/create-index.js'
export {deleteIndex} from '../../../../src/lib/cluster/delete-index.js'
export {getMapping} from '../../../../src/lib/cluster/get-index.js'

export {getDocument} from '../../../../src/lib/documents/get.js'
export {putDocument} from '../../../../src/lib/documents/put.js'
export {search, type SearchHit} from '../../../../src/lib/documents/search.js'
export {flatten} from '../../../../src/lib/documents/flatten.js'
export {formatValue, titleField} from '../../../../src/lib/documents/summary.js'
export {queryFrom} from '../../../../src/lib/documents/query.js'
export {parseJson} from '../../../../src/lib/io/json-input.js'
export {type FieldStep, type FormPlan, parseAnswer, planForm, type Step} from '../../../../src/lib/documents/form.js'
export {gatherFormHints} from '../../../../src/lib/documents/form-hints.js'

export {openReader} from '../../../../src/lib/read/reader.js'
export {ndjsonBuffers} from '../../../../src/lib/read/ndjson.js'

export {prepareBackup} from '../../../../src/lib/backup/setup.js'
export {settingSources} from '../../../../src/lib/io/setting-sources.js'
export {type BackupProgress, runBackup} from '../../../../src/lib/backup/pipeline.js'
export {createS3Client, resolveS3Settings, type S3Settings} from '../../../../src/lib/s3/client.js'
export {listBackups, verifyBackup} from '../../../../src/lib/backup/store.js'
export {parseS3Uri} from '../../../../src/lib/backup/layout.js'
export {runRestore} from '../../../../src/lib/restore/run.js'
