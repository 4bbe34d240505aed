import { strict as assert } from 'node:assert'
import { after, before, describe, test } from 'node:test'
import type { LocalAccount } from 'viem'
import type { StartStationServerReturnType } from '../../src/rich/stationServer.js'
import type { EvswapCall } from '../../src/sdk/calls/EvswapCall.js'
import { setStationCall } from '../../src/sdk/calls/setStationCall.js'
import { updateStationCall } from '../../src/sdk/calls/updateStationCall.js'
import type { StationPlace } from '../../src/sdk/places/StationPlace.js'
import { getStationPlaces } from '../../src/sdk/reads/getStationPlaces.js'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { startTestStation } from '../helpers/testStation.js'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field

const MARIENPLATZ: StationPlace = { name: 'Marienplatz', latitude: 48.137154, longitude: 11.576124, address: 'Marienplatz 8, 80331 München', openingHours: 'Mo-Sa 07:00-22:00', formats: ['SUM', 'BYD'] }
const SCHWABING: StationPlace = { name: 'Schwabing Nord', latitude: 48.1703, longitude: 11.5866, address: 'Leopoldstraße 180, 80804 München', openingHours: '24/7', formats: ['BYD', 'TOY'] }

/**
 * Stations as places through a real station (anvil, relay, index, HTTP API): `GET /api/stations` carries each
 * station's place as the super account set it, its operator's relayed change of the details lands, and a
 * relayed change that moves the station is refused before any gas, with a sentence.
 */
describe('station places through a station', () => {
  let chain: TestChain
  let server: StartStationServerReturnType
  let operator1: LocalAccount
  let operator2: LocalAccount

  const post = async (path: string, body: unknown) => {
    const res = await fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    return { status: res.status, body: (await res.json()) as Json }
  }
  const relay = async (account: LocalAccount, call: EvswapCall) => post('/api/relay?wait=1', await chain.sign(account, call))
  const stations = async () => (await (await fetch(`${server.url}/api/stations`)).json()) as Json[]
  const placeOf = async (stationId: number) => (await getStationPlaces(chain.publicClient, chain.deployment, [stationId]))[0]

  before(async () => {
    chain = await startTestChain()
    ;[operator1, operator2] = (await chain.registerDevices([
      { role: 'StationOperator', unitId: 1 },
      { role: 'StationOperator', unitId: 2 },
    ])) as [LocalAccount, LocalAccount]
    await chain.send(chain.superWallet, [setStationCall(chain.deployment, { stationId: 1, place: MARIENPLATZ }), setStationCall(chain.deployment, { stationId: 2, place: SCHWABING })])
    server = await startTestStation(chain, 1, { batchIntervalMs: 50 })
    await server.index.ready
  })
  after(async () => {
    await server?.close()
    await chain?.stop()
  })

  test('test_getStations_carriesEachStationsPlace', async () => {
    const list = await stations()
    assert.deepEqual(
      list.map((s) => [s.stationId, s.place]),
      [
        [1, MARIENPLATZ],
        [2, SCHWABING],
      ],
    )
  })

  test('test_getStations_oneStation_onlyItsEntry', async () => {
    const only = async (q: string) => {
      const res = await fetch(`${server.url}/api/stations?${q}`)
      return { status: res.status, body: (await res.json()) as Json }
    }
    const two = await only('station=2')
    assert.deepEqual([two.status, two.body.map((s: Json) => [s.stationId, s.place])], [200, [[2, SCHWABING]]])
    assert.deepEqual(await only('station=9'), { status: 200, body: [] }, 'a station number nobody registered')
    const bad = await only('station=abc')
    assert.equal(bad.status, 400)
    assert.match(JSON.stringify(bad.body), /station/)
  })

  test('test_relayedUpdate_operatorChangesTheDetails_notTheLocation', async () => {
    const changed = { ...MARIENPLATZ, name: 'Marienplatz Swap', openingHours: '24/7', formats: ['BYD'] }
    const ok = await relay(operator1, updateStationCall(chain.deployment, { stationId: 1, place: changed }))
    assert.equal(ok.body.status, 'confirmed', JSON.stringify(ok.body))
    assert.deepEqual(await placeOf(1), changed)
    assert.deepEqual((await stations()).find((s) => s.stationId === 1).place, changed)

    const moved = await relay(operator1, updateStationCall(chain.deployment, { stationId: 1, place: { ...changed, latitude: 48.2 } }))
    assert.equal(moved.status, 422, JSON.stringify(moved.body))
    assert.equal(moved.body.error.code, 'would_revert')
    assert.equal(moved.body.error.reason, 'StationDirectoryLocationFixed')
    assert.match(moved.body.error.message, /^Station 1's location \(48\.137154°, 11\.576124°\) can be changed only by the super account\.$/)
    assert.deepEqual(await placeOf(1), changed, 'the station did not move')

    const other = await relay(operator2, updateStationCall(chain.deployment, { stationId: 1, place: { ...changed, name: 'Taken' } }))
    assert.equal(other.status, 422, JSON.stringify(other.body))
    assert.equal(other.body.error.reason, 'StationDirectoryNotStationOperator')
    assert.match(other.body.error.message, /^Only station 1's operator can change/)
    assert.equal((await placeOf(1))?.name, 'Marienplatz Swap')
  })
})
