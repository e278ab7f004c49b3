// The house rules: which part of the code may import which. `npm run lint` checks them.
// Floors of src/lib, lowest first: a file may import its own floor or a lower one, never a higher one.
const floors = [
  ['src/lib/errors\\.ts', 'src/lib/byte-size\\.ts', 'src/lib/io/', 'src/lib/flow/'],
  ['src/lib/connection/', 'src/lib/s3/'],
  ['src/lib/server-refusal\\.ts', 'src/lib/cluster/'],
  ['src/lib/documents/'],
  ['src/lib/read/', 'src/lib/write/'],
  ['src/lib/backup/'],
  ['src/lib/restore/', 'src/lib/copy/', 'src/lib/doctor/', 'src/lib/dryrun/'],
  ['src/lib/stepfunctions/'],
]
const or = (paths) => `^(${paths.join('|')})`

const floorRules = floors.slice(0, -1).map((floor, i) => ({
  name: `floor-${i}-looks-down`,
  comment: 'A lower floor of the library never imports a higher one.',
  severity: 'error',
  from: {path: or(floor)},
  to: {path: or(floors.slice(i + 1).flat())},
}))

module.exports = {
  forbidden: [
    {name: 'no-circular', comment: 'Import cycles hide which module owns what.', severity: 'error', from: {pathNot: '^test/'}, to: {circular: true}},
    {
      name: 'no-circular-in-tests',
      comment: 'Test support may share type declarations both ways; code imports never go round in a circle.',
      severity: 'error',
      from: {path: '^test/'},
      to: {circular: true, dependencyTypesNot: ['type-only'], viaOnly: {dependencyTypesNot: ['type-only']}},
    },
    {
      name: 'lib-has-no-terminal',
      comment: 'src/lib is used by the Lambda, the Step Functions tasks and the UI server: no oclif, prompts, progress bars or tables.',
      severity: 'error',
      from: {path: '^src/lib/'},
      to: {path: ['node_modules/(@oclif/|enquirer|cli-progress|cli-table3)', '^src/(commands|cli)/', '^plugins/']},
    },
    {
      name: 'lambda-uses-only-the-library',
      comment: 'The Lambda handler is an adapter over src/lib; it never loads the command line.',
      severity: 'error',
      from: {path: '^src/lambda/'},
      to: {path: ['^src/(commands|cli)/', 'node_modules/(@oclif/|enquirer|cli-progress|cli-table3)']},
    },
    {
      name: 'commands-are-leaves',
      comment: 'Nothing imports a command; shared command code lives in src/cli.',
      severity: 'error',
      from: {pathNot: '^(src/commands/|test/)'},
      to: {path: '^src/commands/'},
    },
    {
      name: 'tests-share-only-support',
      comment: 'A test file imports helpers from test/support, never from another test file.',
      severity: 'error',
      from: {path: '^test/'},
      to: {path: '\\.test\\.ts$'},
    },
    {
      name: 'tests-launch-through-support',
      comment: 'Tests run the CLI only through test/support/cli.ts (one launcher, one place for its quirks).',
      severity: 'error',
      from: {path: '^test/', pathNot: '^test/support/cli\\.ts$'},
      to: {path: 'node_modules/@oclif/test/'},
    },
    ...floorRules,
  ],
  options: {
    doNotFollow: {path: 'node_modules'},
    tsPreCompilationDeps: true,
    tsConfig: {fileName: 'tsconfig.json'},
    enhancedResolveOptions: {exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js']},
    reporterOptions: {text: {highlightFocused: true}},
  },
}
