/** The step shapes the fan-out tests read (re-exported so a test imports them from one place). */
export type {CommitOutput, IndexPlanFile, SliceCheckpoint} from '../../src/lib/stepfunctions/types.js'
export type {StepEvent} from '../../src/lambda/steps.js'
