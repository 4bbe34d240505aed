// The JSON Schema (draft 2020-12) of an exported passport, written from the Battery Pass DataModel 1.2
// attribute lists (Performance as of 1.2.1, which fixed `remainingEnergyValue` and gave `energyThroughput`
// its timestamp). Built by small helpers so that "value or not reported" reads the same everywhere.

type Schema = Record<string, unknown>

const ref = (name: string): Schema => ({ $ref: `#/$defs/${name}` })

// `if`/`then`/`else` rather than `oneOf`: a broken value then reports the errors of the shape it claims to
// be, not of both shapes, which keeps validatePassport's sentences to the point.
const orNotReported = (schema: Schema): Schema => ({
  if: { type: 'object', required: ['notReported'] },
  then: ref('notReported'),
  else: schema,
})

const object = (properties: Record<string, Schema>, description?: string): Schema => ({
  type: 'object',
  ...(description ? { description } : {}),
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
})

const number = (unit: string, extra: Schema = {}): Schema => ({ type: 'number', description: unit, ...extra })
const percent = (extra: Schema = {}): Schema => number('%', { minimum: 0, maximum: 100, ...extra })
const count: Schema = { type: 'integer', minimum: 0 }
const minutes = number('minutes', { minimum: 0 })

/** A dynamic attribute: `{ <valueName>: value, lastUpdate }` as the model shapes it, or not reported. */
const dynamic = (valueName: string, value: Schema): Schema =>
  orNotReported(object({ [valueName]: value, lastUpdate: ref('timestamp') }))

const notReportedAll = (names: string[]): Record<string, Schema> =>
  Object.fromEntries(names.map((n) => [n, ref('notReported')]))

const technicalProperties = object({
  ...notReportedAll(['originalPowerCapability', 'ratedMaximumPower', 'powerCapabilityRatio']),
  ratedEnergy: orNotReported(number('kWh: the certified usable energy', { minimum: 0 })),
  expectedNumberOfCycles: orNotReported({ ...count, description: 'cycles' }),
  ...notReportedAll(['initialSelfDischarge', 'roundtripEfficiency']),
  ratedCapacity: orNotReported(number('Ah', { minimum: 0 })),
  initialInternalResistance: ref('notReported'),
  expectedLifetime: orNotReported({ ...count, description: 'calendar years' }),
  cRate: ref('notReported'),
  nominalVoltage: orNotReported(number('V', { minimum: 0 })),
  ...notReportedAll(['minimumVoltage', 'maximumVoltage']),
  capacityThresholdForExhaustion: orNotReported(percent()),
  ...notReportedAll(['lifetimeReferenceTest', 'cRateLifeCycleTest', 'temperatureRangeIdleState',
    'roundTripEfficiencyat50PerCentCycleLife', 'roundTripEfficiencyFade', 'powerFade']),
}, 'io.BatteryPass.Performance BatteryTechnicalPropertiesEntity: per battery model')

const batteryCondition = object({
  energyThroughput: dynamic('energyThroughputValue', number('kWh', { minimum: 0 })),
  capacityThroughput: ref('notReported'),
  numberOfFullCycles: dynamic('numberOfFullCyclesValue', { ...count, description: 'whole cycles' }),
  // Not capped at 100 %: a new battery may deliver more than its certified usable energy.
  stateOfCertifiedEnergy: dynamic('stateOfCertifiedEnergyValue', number('%', { minimum: 0 })),
  capacityFade: dynamic('capacityFadeValue', number('%', { maximum: 100 })),
  remainingEnergy: dynamic('remainingEnergyValue', number('kWh', { minimum: 0 })),
  remainingCapacity: dynamic('remainingCapacityValue', number('Ah', { minimum: 0 })),
  negativeEvents: orNotReported({
    type: 'array',
    items: object({ negativeEvent: { type: 'string', minLength: 1 }, lastUpdate: ref('timestamp') }),
  }),
  ...notReportedAll(['temperatureInformation', 'remainingPowerCapability', 'evolutionOfSelfDischarge',
    'currentSelfDischargingRate', 'internalResistanceIncrease', 'remainingRoundTripEnergyEfficiency']),
  stateOfCharge: dynamic('stateOfChargeValue', percent()),
}, 'io.BatteryPass.Performance BatteryConditionEntity: per battery, each value with its last update')

const usage = object({
  custody: object({
    holder: { type: 'string', minLength: 1 },
    owner: ref('address'),
    custodyStatus: { enum: ['InService', 'SwapPending', 'Recycled'] },
    lastUpdate: ref('timestamp'),
  }),
  chargeCycles: object({
    chargingCount: count, dischargingCount: count,
    chargingTotalTime: minutes, dischargingTotalTime: minutes,
    lastUpdate: ref('timestamp'),
  }),
  chargeLimits: object({
    maxChargingCount: count, maxDischargingCount: count,
    maxChargingTotalTime: minutes, maxDischargingTotalTime: minutes,
  }),
  negativeEventCounts: orNotReported(object({
    deepDischarge: orNotReported(count), overcharge: orNotReported(count), overTemperature: orNotReported(count),
    timeExtremeTemperature: orNotReported(minutes),
    lastUpdate: ref('timestamp'),
  })),
  exhausted: dynamic('exhaustedValue', { type: 'boolean' }),
}, 'evswap attributes the Battery Pass model has no name for')

const historyEntry = object({
  lastUpdate: ref('timestamp'),
  stateOfCertifiedEnergyValue: number('%', { minimum: 0 }),
  numberOfFullCyclesValue: orNotReported({ ...count, description: 'whole cycles' }),
  negativeEventCount: orNotReported(count),
})

/**
 * The JSON Schema (draft 2020-12) of a `PassportDocument`, both tiers: a public-tier document must not
 * hold `performance.batteryCondition`, `usage` or `history`; a legitimate-interest one must.
 *
 * @example
 * const validate = new Ajv2020({ allErrors: true }).compile(passportSchema)
 */
export const passportSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:evswap:schema:passport:1',
  title: 'evswap battery passport (Battery Pass DataModel 1.2)',
  type: 'object',
  $defs: {
    notReported: object({ notReported: { const: true } }, 'an attribute evswap has no value for'),
    timestamp: { type: 'string', format: 'date-time' },
    address: { type: 'string', pattern: '^0x[0-9a-fA-F]{40}$' },
  },
  properties: {
    header: object({
      passportIdentifier: { type: 'string', pattern: '^urn:[a-z0-9]+:[a-z0-9]+$' },
      batteryId: count,
      dataModel: { type: 'string', minLength: 1 },
      tier: { enum: ['public', 'legitimate'] },
      generatedAt: ref('timestamp'),
      publicUrl: { type: 'string', minLength: 1 },
    }),
    generalProductInformation: object({
      productIdentifier: orNotReported({ type: 'string', pattern: '^0x[0-9a-fA-F]+$' }),
      batteryPassportIdentifier: { type: 'string', pattern: '^urn:[a-z0-9]+:[a-z0-9]+$' },
      batteryCategory: { const: 'ev' },
      manufacturerInformation: object({
        contactName: { type: 'string', minLength: 1 },
        postalAddress: ref('notReported'),
        identifier: ref('notReported'),
      }),
      manufacturingDate: { type: 'string', pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'ISO 8601 year and month' },
      batteryStatus: { enum: ['Original', 'Repurposed', 'Reused', 'Remanufactured', 'Waste'] },
      ...notReportedAll(['batteryMass', 'manufacturingPlace', 'operatorInformation', 'puttingIntoService', 'warrentyPeriod']),
    }, 'io.BatteryPass.GeneralProductInformation'),
    performance: {
      type: 'object',
      description: 'io.BatteryPass.Performance',
      properties: { batteryTechicalProperties: technicalProperties, batteryCondition },
      required: ['batteryTechicalProperties'],
      additionalProperties: false,
    },
    materialComposition: object({
      batteryChemistry: orNotReported(object({
        shortName: { type: 'string', minLength: 1 },
        clearName: orNotReported({ type: 'string', minLength: 1 }),
      })),
      ...notReportedAll(['batteryMaterials', 'hazardousSubstances']),
    }, 'io.BatteryPass.MaterialComposition'),
    circularity: object(notReportedAll(['dismantlingAndRemovalInformation', 'sparePartSources', 'recycledContent',
      'safetyMeasures', 'endOfLifeInformation', 'renewableContent']), 'io.BatteryPass.Circularity'),
    labels: object(notReportedAll(['declarationOfConformity', 'resultOfTestReport', 'labels']), 'io.BatteryPass.Labels'),
    carbonFootprint: ref('notReported'),
    supplyChainDueDiligence: ref('notReported'),
    usage,
    history: { type: 'array', items: historyEntry },
  },
  required: ['header', 'generalProductInformation', 'performance', 'materialComposition', 'circularity', 'labels',
    'carbonFootprint', 'supplyChainDueDiligence'],
  additionalProperties: false,
  if: { type: 'object', properties: { header: { type: 'object', properties: { tier: { const: 'public' } } } } },
  then: { type: 'object', properties: { performance: { type: 'object', properties: { batteryCondition: false } }, usage: false, history: false } },
  else: { type: 'object', required: ['usage', 'history'], properties: { performance: { type: 'object', required: ['batteryCondition'] } } },
} as const
